import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, ciEnv, tempDir, treeHash } from './support.js';
import { shellQuote } from '../../src/shell.js';
import { packageVersion } from '../../src/version.js';

const version = packageVersion();

interface TerminalOptions {
  width?: number;
  env?: Record<string, string>;
}

/** Drives the real prompts in a pseudo-terminal (tmux), the way a person would. */
class Terminal {
  private constructor(
    readonly session: string,
    /** Outside the folder under test, so that nothing the test does lands in it. */
    readonly exitFile: string,
  ) {}

  static async start(cwd: string, args: string[] = [], { width = 120, env = {} }: TerminalOptions = {}): Promise<Terminal> {
    const session = `cbs-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const exitFile = join(tempDir('cbs-exit-'), 'exit-code');
    const vars = Object.entries(env).map(([key, value]) => `${key}=${shellQuote(value)}`);
    const command = `env -u CI NO_COLOR=1 ${vars.join(' ')} node ${BIN} ${args.map(shellQuote).join(' ')}; echo $? > ${shellQuote(exitFile)}; sleep 60`;
    await execa('tmux', ['new-session', '-d', '-s', session, '-x', String(width), '-y', '60', '-c', cwd, command]);
    return new Terminal(session, exitFile);
  }

  /** The screen as shown; `joined` undoes the terminal's wrapping of long lines. */
  screen(joined = false): Promise<string> {
    return execa('tmux', ['capture-pane', '-p', ...(joined ? ['-J'] : []), '-t', this.session]).then((r) => r.stdout);
  }
  async waitFor(text: string, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = await this.screen();
      if (screen.includes(text)) return screen;
      if (Date.now() > deadline) throw new Error(`"${text}" never appeared; screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async keys(...keys: string[]): Promise<void> {
    for (const key of keys) {
      await execa('tmux', ['send-keys', '-t', this.session, key]);
      await new Promise((r) => setTimeout(r, 60));
    }
  }

  async type(text: string): Promise<void> {
    await execa('tmux', ['send-keys', '-t', this.session, '-l', text]);
    await new Promise((r) => setTimeout(r, 60));
  }

  /** Waits for a prompt, types the answer (none keeps the default) and presses Enter. */
  async answer(prompt: string, text = ''): Promise<void> {
    await this.waitFor(prompt);
    if (text) await this.type(text);
    await this.keys('Enter');
  }

  /** Erases what was typed at the current prompt and answers again. */
  async retype(erase: number, text: string): Promise<void> {
    await this.keys(...Array<string>(erase).fill('BSpace'));
    await this.type(text);
    await this.keys('Enter');
  }

  async exitCode(timeoutMs = 60_000): Promise<number> {
    const file = this.exitFile;
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(file) || readFileSync(file, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error(`no exit; screen:\n${await this.screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return Number(readFileSync(file, 'utf8').trim());
  }

  async close(): Promise<void> {
    await execa('tmux', ['kill-session', '-t', this.session], { reject: false });
  }
}

const hasTmux = (await execa('tmux', ['-V'], { reject: false })).exitCode === 0;

/**
 * A uv on PATH that installs nothing: `FAKE_UV=slow` prints long lines until it is stopped,
 * `long` prints long lines for a second and succeeds, `fail` fails the way uv does. It writes
 * its parent's pid (the CLI's) to $FAKE_UV_PID, for the test that sends SIGTERM.
 */
function fakeUv(): string {
  const bin = tempDir('cbs-fake-uv-');
  const long = `Resolved fake-uv-line ${'x'.repeat(180)}`;
  writeFileSync(
    join(bin, 'uv'),
    `#!/bin/sh
case "$1" in
  --version) echo "uv 0.0.0"; exit 0 ;;
  venv) mkdir -p .venv/bin; exit 0 ;;
esac
[ -n "$FAKE_UV_PID" ] && echo $PPID > "$FAKE_UV_PID"
case "$FAKE_UV" in
  slow) while true; do echo "${long}"; sleep 0.05; done ;;
  long) i=0; while [ $i -lt 20 ]; do echo "${long} $i"; i=$((i+1)); sleep 0.05; done; exit 0 ;;
  fail) echo "Resolved 3 packages"; echo "  × No solution found when resolving dependencies:"; echo "  ╰─▶ Because flask>=99 was not found, your requirements are unsatisfiable."; exit 1 ;;
esac
`,
  );
  chmodSync(join(bin, 'uv'), 0o755);
  return bin;
}

/** The lines between the intro and the outro: every one is part of the frame. */
function outsideFrame(screen: string): string[] {
  const lines = screen.split('\n');
  const first = lines.findIndex((line) => line.startsWith('┌'));
  const last = lines.findIndex((line) => line.startsWith('└  Done.'));
  return lines.slice(first, last + 1).filter((line) => line.trim() !== '' && !/^[│┌└◇◆●▲■├]/.test(line));
}

describe.skipIf(!hasTmux)('interactive prompts in a terminal', () => {
  it('asks every question, checks each at its prompt, and closes with a summary and the same command without questions', async () => {
    const cwd = tempDir();
    const term = await Terminal.start(cwd, ['--no-git']);
    let screen = '';
    try {
      expect(await term.waitFor('┌  create-bisslog-service')).toContain(`create-bisslog-service ${version}`);
      await term.answer('Where should the service be created?', 'orders-svc');
      await term.answer('Service name', '123');
      await term.waitFor('service name "123" must start with an ASCII letter (it becomes the package name); e.g. "service-123"');
      await term.retype(3, 'Order desk');
      await term.answer('Description');
      await term.answer('Owning team', 'sales');
      await term.answer('Entry points');
      screen = await term.waitFor('Adapters');
      // The in-memory adapter is shown ticked and is not one of the options; SQL is ticked for a new project.
      expect(screen).toContain('◼ In-memory (in the process, for tests; always included)');
      expect(screen).not.toMatch(/◻ In-memory/);
      expect(screen).toMatch(/◼ SQL/);
      await term.keys('Down', 'Space', 'Enter');
      await term.answer('Use cases', 'class');
      await term.waitFor('is a Python keyword');
      await term.retype('class'.length, 'create_order, list_orders');
      await term.waitFor('Install the Python dependencies now?');
      await term.keys('Right', 'Enter');
      expect(await term.exitCode()).toBe(0);
      screen = await term.screen(true);
    } finally {
      await term.close();
    }
    expect(screen).toContain('Created orders-svc');
    expect(screen).toMatch(/Entry points +Flask/);
    expect(screen).toMatch(/Adapters +In-memory, SQL, MongoDB/);
    expect(screen).toMatch(/POST \/orders +create_order/);
    expect(screen).toMatch(/GET \/orders\?limit=&after= +list_orders|GET \/orders +list_orders/);
    expect(screen).toMatch(/Flask: +\.venv\/bin\/flask --app src\.infra\.entry_points\.flask\.app run --port 5000/);
    expect(screen).toMatch(/MongoDB: +ADAPTER=mongo MONGO_URL=mongodb:\/\/127\.0\.0\.1:27017 .*\.venv\/bin\/flask/);
    expect(screen).toContain('└  Done.');
    expect(outsideFrame(screen)).toEqual([]);

    const project = join(cwd, 'orders-svc');
    expect(readdirSync(join(project, 'src', 'domain', 'use_cases')).sort()).toEqual(['__init__.py', 'create_order.py', 'list_orders.py']);
    const metadata = readFileSync(join(project, 'metadata.yml'), 'utf8');
    expect(metadata).toContain('name: "Order desk"');
    expect(metadata).toContain('team: "sales"');
    expect(existsSync(join(project, '.venv'))).toBe(false);

    // The printed command, run without a terminal elsewhere, makes the same bytes.
    const command = screen
      .split('\n')
      .map((line) => line.replace(/^│ {2}/, ''))
      .join('\n')
      .match(/npx create-bisslog-service@\S+ ((?:.|\\\n)*--no-install --no-git)/)?.[1];
    expect(command).toBeDefined();
    const again = tempDir();
    const replay = await execa('sh', ['-c', `node ${shellQuote(BIN)} ${command!.replace(/\\\n/g, ' ')}`], { cwd: again, env: ciEnv(), reject: false });
    expect(replay.exitCode, replay.stderr).toBe(0);
    expect(treeHash(join(again, 'orders-svc'))).toBe(treeHash(project));
  }, 90_000);

  it('a folder that is not empty is a choice at once: cancel, write into it as --force, or choose another', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'svc'));
    writeFileSync(join(cwd, 'svc', 'notes.txt'), 'mine\n');
    const before = treeHash(cwd);

    // Cancel (the default): one line, exit 130, nothing written.
    let term = await Terminal.start(cwd, ['svc']);
    try {
      await term.answer('svc is not empty (notes.txt). What now?');
      expect(await term.exitCode()).toBe(130);
      const screen = await term.screen();
      expect(screen.match(/Cancelled; nothing was written\./g)).toHaveLength(1);
      expect(screen).not.toMatch(/error/);
    } finally {
      await term.close();
    }
    expect(treeHash(cwd)).toBe(before);

    // Choose another: asked again for the folder, before any other question.
    term = await Terminal.start(cwd, []);
    try {
      await term.answer('Where should the service be created?', 'svc');
      await term.waitFor('svc is not empty (notes.txt). What now?');
      await term.keys('Down', 'Down', 'Enter');
      await term.waitFor('Where should the service be created?\n│  bisslog-service');
      await term.type('other');
      await term.keys('Enter');
      await term.waitFor('Service name');
      await term.keys('C-c');
      expect(await term.exitCode()).toBe(130);
    } finally {
      await term.close();
    }
    expect(treeHash(cwd)).toBe(before);

    // Write into it: nothing deleted, and the same command says --force.
    term = await Terminal.start(cwd, ['svc', '--no-git', '--no-install']);
    try {
      await term.waitFor('svc is not empty (notes.txt). What now?');
      await term.keys('Down', 'Enter');
      for (const prompt of ['Service name', 'Description', 'Owning team', 'Entry points', 'Adapters', 'Use cases']) await term.answer(prompt);
      expect(await term.exitCode()).toBe(0);
      expect(await term.screen(true)).toMatch(/--no-install[\s\\│]+--no-git[\s\\│]+--force\n/);
    } finally {
      await term.close();
    }
    expect(readFileSync(join(cwd, 'svc', 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(cwd, 'svc', 'metadata.yml'))).toBe(true);
  }, 90_000);

  it('Ctrl-C at a prompt exits 130, says so in one line and writes nothing', async () => {
    const cwd = tempDir();
    const term = await Terminal.start(cwd, ['svc']);
    try {
      await term.waitFor('Service name');
      await term.keys('C-c');
      expect(await term.exitCode()).toBe(130);
      const screen = await term.screen();
      expect(screen.match(/Cancelled/g)).toHaveLength(1);
      expect(screen).not.toMatch(/error/);
    } finally {
      await term.close();
    }
    expect(readdirSync(cwd)).toEqual([]);
  }, 30_000);

  it('Ctrl-C during the install exits 130 with the command that finishes the install', async () => {
    const cwd = tempDir();
    const bin = fakeUv();
    const term = await Terminal.start(cwd, ['svc', '--yes', '--no-git'], { env: { PATH: `${bin}:${process.env.PATH}`, FAKE_UV: 'slow' } });
    try {
      await term.waitFor('fake-uv-line');
      await term.keys('C-c');
      expect(await term.exitCode()).toBe(130);
      const screen = await term.screen(true);
      expect(screen).toContain('Installing dependencies into .venv with uv: interrupted');
      expect(screen).toMatch(/Cancelled: the project in svc is complete; finish the install with: cd svc && uv venv .* && uv pip install .* -e '\.\[dev\]'/);
    } finally {
      await term.close();
    }
    expect(existsSync(join(cwd, 'svc', 'metadata.yml'))).toBe(true);
  }, 60_000);

  it('SIGTERM during the install exits 143 with the same command', async () => {
    const cwd = tempDir();
    const bin = fakeUv();
    const pidFile = join(tempDir(), 'pid');
    const term = await Terminal.start(cwd, ['svc', '--yes', '--no-git'], {
      env: { PATH: `${bin}:${process.env.PATH}`, FAKE_UV: 'slow', FAKE_UV_PID: pidFile },
    });
    try {
      await term.waitFor('fake-uv-line');
      process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
      expect(await term.exitCode()).toBe(143);
      expect(await term.screen(true)).toMatch(/Terminated: the project in svc is complete; finish the install with: cd svc && uv venv/);
    } finally {
      await term.close();
    }
  }, 60_000);

  it.each([100, 60])('at %i columns the install spinner stays on one line and the frame holds', async (width) => {
    const cwd = tempDir();
    const bin = fakeUv();
    const term = await Terminal.start(cwd, ['--no-git'], { width, env: { PATH: `${bin}:${process.env.PATH}`, FAKE_UV: 'long' } });
    let screen = '';
    try {
      await term.answer('Where should the service be created?', 'svc');
      for (const prompt of ['Service name', 'Description', 'Owning team', 'Entry points', 'Adapters', 'Use cases', 'Install the Python dependencies now?']) {
        await term.answer(prompt);
      }
      expect(await term.exitCode()).toBe(0);
      screen = await term.screen();
    } finally {
      await term.close();
    }
    expect(screen).toContain('Installed dependencies with uv');
    // No spinner frame is left behind: the install's own lines are gone once it is done.
    expect(screen).not.toContain('fake-uv-line');
    expect(screen).not.toContain('Installing dependencies');
    expect(outsideFrame(screen)).toEqual([]);
  }, 90_000);

  it('add use-case asks kind, port, method and path, previews the change and adds it once confirmed', async () => {
    const cwd = tempDir();
    expect((await execa('node', [BIN, 'svc', '--yes', '--no-install', '--no-git', '--use-case', 'create_order,get_order'], { cwd, env: ciEnv() })).exitCode).toBe(0);
    const project = join(cwd, 'svc');
    const before = treeHash(project);

    // Declined: nothing changes.
    let term = await Terminal.start(project, ['add', 'use-case']);
    try {
      await term.answer('Use case name', 'get_order');
      await term.waitFor('use case "get_order" already exists in metadata.yml');
      await term.retype('get_order'.length, 'import');
      await term.waitFor('is a Python keyword');
      await term.retype('import'.length, 'approve_order');
      expect(await term.waitFor('Kind')).toContain('action (inferred: "approve" is an action verb)');
      await term.keys('Enter');
      await term.answer('Port');
      await term.answer('HTTP method');
      await term.answer('HTTP path');
      await term.answer('Trigger besides its HTTP route'); // none
      const screen = await term.waitFor('Add it?');
      expect(screen).toContain('Route   POST /orders/{order_id}/approve → 200');
      expect(screen).toContain('CREATE src/domain/use_cases/approve_order.py');
      expect(screen).toContain('UPDATE metadata.yml');
      expect(screen).toMatch(/New in metadata\.yml:[\s│]+approve_order:/);
      expect(screen).toContain('path: "/orders/{order_id}/approve"');
      await term.keys('Right', 'Enter');
      expect(await term.exitCode()).toBe(130);
    } finally {
      await term.close();
    }
    expect(treeHash(project)).toBe(before);

    // Another kind, port, method and path than inferred: the defaults follow the answers.
    term = await Terminal.start(project, ['add', 'use-case']);
    try {
      await term.answer('Use case name', 'send_invoice');
      await term.waitFor('command');
      await term.keys('Enter');
      await term.answer('Port', 'billing');
      await term.answer('HTTP method');
      await term.answer('HTTP path', '/billing/invoices');
      await term.answer('Trigger besides its HTTP route'); // none
      await term.waitFor('Route   POST /billing/invoices → 202');
      await term.answer('Add it?');
      expect(await term.exitCode()).toBe(0);
      expect(await term.screen()).toContain('Added use case send_invoice');
    } finally {
      await term.close();
    }
    expect(readFileSync(join(project, 'metadata.yml'), 'utf8')).toContain('path: "/billing/invoices"');
    expect(existsSync(join(project, 'src', 'infra', 'billing'))).toBe(true);
  }, 90_000);

  it('add use-case asks for a trigger and its queue', async () => {
    const cwd = tempDir();
    expect((await execa('node', [BIN, 'svc', '--yes', '--no-install', '--no-git'], { cwd, env: ciEnv() })).exitCode).toBe(0);
    const project = join(cwd, 'svc');
    const term = await Terminal.start(project, ['add', 'use-case']);
    try {
      await term.answer('Use case name', 'ship_item');
      for (const prompt of ['Kind', 'Port', 'HTTP method', 'HTTP path']) await term.answer(prompt);
      await term.waitFor('Trigger besides its HTTP route');
      await term.keys('Down', 'Enter');
      await term.answer('Queue name', 'item-events');
      await term.answer('Add it?');
      expect(await term.exitCode()).toBe(0);
    } finally {
      await term.close();
    }
    expect(readFileSync(join(project, 'metadata.yml'), 'utf8')).toMatch(/type: "consumer"[\s\S]*queue: "item-events"/);
  }, 60_000);
});
