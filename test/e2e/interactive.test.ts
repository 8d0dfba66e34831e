import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir } from './support.js';

/** Drives the real prompts in a pseudo-terminal (tmux), the way a person would. */
class Terminal {
  private constructor(
    readonly session: string,
    readonly cwd: string,
  ) {}

  static async start(cwd: string, args: string[] = []): Promise<Terminal> {
    const session = `cbs-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const command = `env -u CI NO_COLOR=1 node ${BIN} ${args.join(' ')}; echo $? > exit-code; sleep 60`;
    await execa('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '50', '-c', cwd, command]);
    return new Terminal(session, cwd);
  }

  screen(): Promise<string> {
    return execa('tmux', ['capture-pane', '-p', '-t', this.session]).then((r) => r.stdout);
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
    const file = join(this.cwd, 'exit-code');
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

describe.skipIf(!hasTmux)('interactive prompts in a terminal', () => {
  it('asks every question, re-asks an invalid answer inline, and generates the answered project', async () => {
    const cwd = tempDir();
    const term = await Terminal.start(cwd, ['--no-git']);
    try {
      await term.answer('Where should the service be created?', 'orders-svc');
      await term.answer('Service name', 'Order desk');
      await term.answer('Description');
      await term.answer('Owning team', 'sales');
      await term.answer('Entry points');
      await term.answer('Adapters');
      await term.answer('Use cases', 'class');
      await term.waitFor('is a Python keyword');
      await term.retype('class'.length, 'create_order, list_orders');
      await term.waitFor('Install the Python dependencies now?');
      await term.keys('Right', 'Enter');
      expect(await term.exitCode()).toBe(0);
    } finally {
      await term.close();
    }
    const project = join(cwd, 'orders-svc');
    expect(readdirSync(join(project, 'src', 'domain', 'use_cases')).sort()).toEqual([
      '__init__.py',
      'create_order.py',
      'list_orders.py',
    ]);
    const metadata = readFileSync(join(project, 'metadata.yml'), 'utf8');
    expect(metadata).toContain('name: "Order desk"');
    expect(metadata).toContain('team: "sales"');
    expect(existsSync(join(project, '.venv'))).toBe(false);
  }, 90_000);

  it('add use-case asks for the missing name and re-asks an invalid one inline', async () => {
    const cwd = tempDir();
    expect((await execa('node', [BIN, 'svc', '--yes', '--no-install', '--no-git'], { cwd, env: { ...process.env, CI: 'true' } })).exitCode).toBe(0);
    const project = join(cwd, 'svc');
    const term = await Terminal.start(project, ['add', 'use-case']);
    try {
      await term.answer('Use case name', 'import');
      await term.waitFor('is a Python keyword');
      await term.retype('import'.length, 'list_items');
      await term.answer('Trigger besides its HTTP route'); // none
      expect(await term.exitCode()).toBe(0);
    } finally {
      await term.close();
    }
    expect(existsSync(join(project, 'src', 'domain', 'use_cases', 'list_items.py'))).toBe(true);
  }, 60_000);

  it('add use-case asks for a trigger and its queue', async () => {
    const cwd = tempDir();
    expect((await execa('node', [BIN, 'svc', '--yes', '--no-install', '--no-git'], { cwd, env: { ...process.env, CI: 'true' } })).exitCode).toBe(0);
    const project = join(cwd, 'svc');
    const term = await Terminal.start(project, ['add', 'use-case']);
    try {
      await term.answer('Use case name', 'ship_item');
      await term.waitFor('Trigger besides its HTTP route');
      await term.keys('Down', 'Enter');
      await term.answer('Queue name', 'item-events');
      expect(await term.exitCode()).toBe(0);
    } finally {
      await term.close();
    }
    expect(readFileSync(join(project, 'metadata.yml'), 'utf8')).toMatch(/type: "consumer"[\s\S]*queue: "item-events"/);
  }, 60_000);

  it('Ctrl-C at a prompt exits 130 and writes nothing', async () => {
    const cwd = tempDir();
    const term = await Terminal.start(cwd, ['svc']);
    try {
      await term.waitFor('Service name');
      await term.keys('C-c');
      expect(await term.exitCode()).toBe(130);
    } finally {
      await term.close();
    }
    expect(readdirSync(cwd)).toEqual(['exit-code']);
  }, 30_000);
});
