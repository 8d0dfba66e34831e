import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ciEnv, cli, expectOneLineError, projectCopies, refused, tempDir, treeHash } from './support.js';

/**
 * Bad input, faults and odd environments. Every case runs the real CLI and checks the exit
 * code, a one-line error naming the problem, and that the file system did not change.
 */
const NO_INSTALL = ['--no-install', '--no-git'];
const isRoot = process.getuid?.() === 0;



describe('names', () => {
  it.each([
    ['empty', ['--name', ''], /service name is empty/],
    ['whitespace', ['--name', '   '], /service name is empty/],
    ['only symbols', ['--name', '!!!'], /must start with an ASCII letter/],
    ['leading digit', ['--name', '1st service'], /must start with an ASCII letter/],
    ['newline', ['--name', 'a\nb'], /single line without control characters/],
    ['over 200 characters', ['--name', 'n'.repeat(256)], /longer than 200 characters/],
    ['non-ASCII only', ['--name', '日本語サービス'], /must start with an ASCII letter/],
    ['Windows reserved', ['--name', 'con'], /reserved file name on Windows/],
  ])('service name: %s', async (_, args, message) => {
    await refused(['svc', '--yes', ...args, ...NO_INSTALL], 2, message);
  });

  it.each([
    ['empty', '', /option --use-case needs at least one value/],
    ['Python keyword class', 'class', /"class" is a Python keyword/],
    ['Python keyword import', 'import', /"import" is a Python keyword/],
    ['builtin list', 'list', /would shadow the Python name 'list'/],
    ['leading digit', '2fa_check', /must start with a letter/],
    ['slash', 'orders/create', /path separators/],
    ['backslash', 'orders\\create', /path separators/],
    ['dot-dot', '..', /path separators/],
    ['absolute path', '/etc/passwd', /path separators/],
    ['single quote', "o'brien", /may only contain letters/],
    ['double quote', 'say"hi', /may only contain letters/],
    ['newline', 'a\nb', /non-ASCII or control characters/],
    ['EJS tags', '<%= process.exit() %>', /must start with a letter/],
    ['template literal', '${x}', /must start with a letter/],
    ['over 40 characters', `get_${'x'.repeat(37)}`, /longer than 40 characters/],
    ['non-ASCII', 'crear_categoría', /non-ASCII/],
    ['Windows reserved', 'nul', /reserved file name on Windows/],
    ['duplicate after normalising', 'getItem,get_item', /"get_item" is given twice/],
    ['two verbs on one route', 'create_item,add_item', /both answer POST \/items/],
  ])('use case: %s', async (_, name, message) => {
    await refused(['svc', '--yes', `--use-case=${name}`, ...NO_INSTALL], 2, message);
  });
});

describe('valid unusual names', () => {
  it('are escaped for Python, YAML, TOML and paths: the project installs, passes pytest, ruff check and ruff format', async () => {
    const cwd = tempDir();
    const name = `Bob's "Orders" \\ <%= x %> \${y} / Gestión`;
    const subject = 'customer_billing_address_recor';
    const useCases = [`create_${subject}_ab`, `get_${subject}_abcde`, `list_${subject}_abs`, `update_${subject}_ab`, `delete_${subject}_ab`, `send_${subject}_abcd`];
    expect(Math.max(...useCases.map((u) => u.length))).toBe(40);
    const result = await cli(['svc', '--yes', '--no-git', '--name', name, '--entry', 'flask,fastapi,lambda', '--use-case', useCases.join(',')], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const project = join(cwd, 'svc');
    expect(readFileSync(join(project, 'pyproject.toml'), 'utf8')).toContain('name = "bob-s-orders-x-y-gestion"');
    for (const [command, args] of [
      ['pytest', ['-q', '-p', 'no:cacheprovider']],
      ['ruff', ['check', '--no-cache', '.']],
      ['ruff', ['format', '--check', '--no-cache', '.']],
    ] as const) {
      const run = await execa(join(project, '.venv', 'bin', command), [...args], { cwd: project, reject: false, all: true });
      expect(run.exitCode, `${command} ${args.join(' ')}\n${run.all}`).toBe(0);
    }
  }, 600_000);
});

describe('options', () => {
  it.each([
    ['unknown entry point', ['--entry', 'django'], /unknown entry "django"; choose from flask, fastapi, lambda/],
    ['unknown adapter', ['--adapter', 'redis'], /unknown adapter "redis"; choose from memory, sql, mongo/],
    ['unknown installer', ['--installer', 'conda'], /--installer must be uv or pip/],
    ['installer without install', ['--installer', 'uv', '--no-install'], /--installer and --no-install contradict/],
    ['--from with answers', ['--from', 'x.json', '--team', 't'], /--from and --team contradict/],
    ['unknown flag', ['--entyr', 'flask'], /unknown option --entyr; did you mean --entry\?/],
    ['value on a switch', ['--force=please'], /takes no value/],
    ['two folders', ['other'], /expected one folder/],
    ['missing value', ['--name'], /--name needs a value/],
  ])('%s', async (_, args, message) => {
    await refused(['svc', '--yes', ...args], 2, message);
  });

  const SPEC = { name: 'x', description: 'd', team: 't', entryPoints: ['flask'], adapters: ['memory'], useCases: ['get_item'] };
  it.each([
    ['a number for a port', { ...SPEC, useCases: [{ name: 'get_x', port: 5 }] }, /spec\.json: useCases\[0\]\.port must be a string$/],
    ['a string for a list', { ...SPEC, adapters: 'memory' }, /spec\.json: adapters must be a list$/],
    ['a missing field', { ...SPEC, team: undefined }, /spec\.json: team is missing$/],
    ['YAML with a syntax error', 'name: x\n  bad: [\n', /spec\.json is neither JSON nor YAML: .* at line 1, column 7$/],
    ['no such file', undefined, /cannot read --from file .*spec\.json: ENOENT: no such file or directory/],
  ])('--from with %s: the field path, or the cause', async (_, content, message) => {
    const cwd = tempDir();
    if (content !== undefined) writeFileSync(join(cwd, 'spec.json'), typeof content === 'string' ? content : JSON.stringify(content));
    const before = treeHash(cwd);
    expectOneLineError(await cli(['svc', '--from', 'spec.json', ...NO_INSTALL], { cwd }), 2, message);
    expect(treeHash(cwd)).toBe(before);
  });

  it('no TTY and required answers missing: names the flags, never prompts', async () => {
    await refused([], 2, /missing <dir>, --entry, --adapter and no terminal to ask/);
  });

  it.each([
    ['an option of ours', { npm_command: 'init', npm_config_entry: 'fastapi' }, /npm kept --entry for itself; put -- before the options/],
    ['--dry-run, which would otherwise write for real', { npm_command: 'exec', npm_config_dry_run: 'true' }, /npm kept --dry-run/],
  ])('npm swallowed %s', async (_, env, message) => {
    await refused(['svc', '--yes'], 2, message, env);
  });

  it('npm keeping --yes is explained in the missing-flags error', async () => {
    await refused(['svc'], 2, /missing --entry, --adapter .*\(npm kept --yes for itself/, { npm_command: 'init', npm_config_yes: 'true' });
  });
});

describe('the target folder', () => {
  it('non-empty without --force', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'svc'));
    writeFileSync(join(cwd, 'svc', 'main.py'), 'print(1)');
    const before = treeHash(cwd);
    expectOneLineError(await cli(['svc', '--yes', ...NO_INSTALL], { cwd }), 2, /svc is not empty \(main\.py\)/);
    expect(treeHash(cwd)).toBe(before);
  });

  it('a file where the folder should be', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'svc'), 'x');
    const before = treeHash(cwd);
    expectOneLineError(await cli(['svc', '--yes', ...NO_INSTALL], { cwd }), 2, /svc exists and is not a folder/);
    expect(treeHash(cwd)).toBe(before);
  });

  it('a symbolic link inside the target pointing outside is never followed', async () => {
    const cwd = tempDir();
    const outside = tempDir('cbs-outside-');
    mkdirSync(join(cwd, 'svc'));
    symlinkSync(outside, join(cwd, 'svc', 'src'));
    const before = [treeHash(cwd), treeHash(outside)];
    expectOneLineError(await cli(['svc', '--yes', '--force', ...NO_INSTALL], { cwd }), 2, /src in svc is a symbolic link; refusing to write through it/);
    expect([treeHash(cwd), treeHash(outside)]).toEqual(before);
  });

  it.skipIf(!isRoot)('no write permission: one line, nothing left', async () => {
    const cwd = tempDir();
    chmodSync(cwd, 0o755);
    const result = await execa('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'node', BIN, 'svc', '--yes', ...NO_INSTALL], {
      cwd,
      env: ciEnv({ HOME: '/tmp' }),
      reject: false,
    });
    expectOneLineError({ exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr }, 1, /could not write .*svc: permission denied; nothing was left behind/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.skipIf(!isRoot)('a full disk (a 48 kB file system): the failed write is rolled back', async () => {
    const mount = tempDir('cbs-full-');
    const script = `mount -t tmpfs -o size=48k tmpfs "$1" && cd "$1" && node "$2" svc --yes --no-install --no-git; code=$?; echo "left:$(ls -A "$1")"; exit $code`;
    const result = await execa('unshare', ['-m', 'sh', '-c', script, 'sh', mount, BIN], { env: ciEnv(), reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toMatch(/^error could not write .*svc: no space left on the device; nothing was left behind: ENOSPC: .+$/);
    expect(result.stdout).toMatch(/^left:$/m);
  });
});

describe('interruption', () => {
  /** A scaffold is ~0.2 s: signals at spread-out moments land in start-up, render and write. */
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s at any moment leaves a complete project or nothing', async (signal, code) => {
    const outcomes = new Set<number>();
    for (const delay of [30, 60, 90, 110, 130, 150, 170, 190, 220, 260]) {
      const cwd = tempDir();
      const child = execa('node', [BIN, 'svc', '--yes', ...NO_INSTALL], { cwd, env: ciEnv(), reject: false, stdin: 'ignore' });
      setTimeout(() => child.kill(signal), delay);
      const result = await child;
      const exit = result.exitCode ?? (result.signal === signal ? code : -1);
      outcomes.add(exit);
      expect([0, code]).toContain(exit);
      // Interrupted or not, the folder holds a whole project or nothing at all (no staging left).
      const left = readdirSync(cwd);
      if (exit === 0) expect(left).toEqual(['svc']);
      else expect(left.filter((name) => name !== 'svc'), `after ${delay} ms`).toEqual([]);
      if (left.includes('svc')) {
        const manifest = JSON.parse(readFileSync(join(cwd, 'svc', '.bisslog', 'manifest.json'), 'utf8')) as { files: Record<string, string> };
        for (const path of Object.keys(manifest.files)) expect(existsSync(join(cwd, 'svc', path)), path).toBe(true);
      }
    }
    expect(outcomes.has(code)).toBe(true);
  }, 60_000);

  /** An existing folder with two files of the user's, one of which the scaffold replaces. */
  const existingFolder = () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'notes.txt'), 'mine');
    writeFileSync(join(cwd, 'README.md'), 'my readme');
    return cwd;
  };
  const expectComplete = (cwd: string) => {
    expect(readFileSync(join(cwd, 'README.md.orig'), 'utf8')).toBe('my readme');
    expect(existsSync(join(cwd, '.bisslog', 'manifest.json'))).toBe(true);
    expect(readdirSync(cwd).filter((name) => name.includes('staging'))).toEqual([]);
  };

  it('SIGINT into an existing folder leaves it exactly as it was, or complete', async () => {
    let untouched = 0;
    for (const delay of [10, 60, 120, 160, 200]) {
      const cwd = existingFolder();
      const before = treeHash(cwd);
      const child = execa('node', [BIN, '.', '--yes', '--force', '--name', 'svc', ...NO_INSTALL], { cwd, env: ciEnv(), reject: false, stdin: 'ignore' });
      setTimeout(() => child.kill('SIGINT'), delay);
      const result = await child;
      if (treeHash(cwd) === before) {
        // Untouched only when interrupted: before the handlers are installed, SIGINT's default
        // action ends the process; after, the handler exits with 130.
        expect(result.exitCode === 130 || result.signal === 'SIGINT', `after ${delay} ms: ${result.stderr}`).toBe(true);
        untouched += 1;
      } else {
        expect([0, 130], `after ${delay} ms: ${result.stderr}`).toContain(result.exitCode);
        expectComplete(cwd);
      }
    }
    expect(untouched, 'no signal landed before the write').toBeGreaterThan(0);
  }, 60_000);

  it('SIGINT after the write into an existing folder exits 130 and says the folder is complete', async () => {
    const cwd = existingFolder();
    // With git the run goes on after the write, so the signal lands while the handlers listen.
    const child = execa('node', [BIN, '.', '--yes', '--force', '--name', 'svc', '--no-install'], { cwd, env: ciEnv(), reject: false, stdin: 'ignore' });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Wrote')) child.kill('SIGINT');
    });
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(130);
    expect(result.stderr.trim()).toBe('Cancelled: . was written in full.');
    expectComplete(cwd);
  }, 60_000);

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s during the install keeps the complete project and prints how to finish', async (signal, code) => {
    const cwd = tempDir();
    const child = execa('node', [BIN, 'svc', '--yes', '--no-git', '--installer', 'pip'], { cwd, env: ciEnv(), reject: false, stdin: 'ignore' });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Installing dependencies')) setTimeout(() => child.kill(signal), 300);
    });
    const result = await child;
    expect(result.exitCode).toBe(code);
    expect(result.stderr).toMatch(/the project in svc is complete; finish the install with: cd svc && /);
    expect(existsSync(join(cwd, 'svc', '.bisslog', 'manifest.json'))).toBe(true);
  }, 60_000);
});

describe('environment', () => {
  let nodeOnly = '';
  let oldPython = '';

  beforeAll(() => {
    // A PATH with node and nothing else: no python3, no git, no uv.
    nodeOnly = tempDir('cbs-path-');
    symlinkSync(process.execPath, join(nodeOnly, 'node'));
    // A python3 that reports 3.8.
    oldPython = tempDir('cbs-oldpy-');
    symlinkSync(process.execPath, join(oldPython, 'node'));
    writeFileSync(join(oldPython, 'python3'), '#!/bin/sh\necho "3 8"\n');
    chmodSync(join(oldPython, 'python3'), 0o755);
  });

  it('no python3 on PATH: stops before writing anything', async () => {
    await refused(['svc', '--yes', '--no-git'], 1, /python3 was not found on PATH; install Python 3\.10\+ or pass --no-install/, { PATH: nodeOnly });
  });

  it('a Python older than 3.10: stops before writing anything', async () => {
    await refused(['svc', '--yes', '--no-git'], 1, /python3 is Python 3\.8; the service needs 3\.10\+/, { PATH: oldPython });
  });

  it('no git: the project is made and the repository skipped', async () => {
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--no-install'], { cwd, env: ciEnv({ PATH: nodeOnly }) });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('git is not installed: skipped the repository');
    expect(existsSync(join(cwd, 'svc', '.git'))).toBe(false);
  });

  it('no network during the install: exit 3, the project kept, the retry command printed', async () => {
    const cwd = tempDir();
    const offline = { PIP_INDEX_URL: 'http://127.0.0.1:9/simple', PIP_RETRIES: '0', PIP_TIMEOUT: '2', PIP_NO_CACHE_DIR: '1' };
    const result = await cli(['svc', '--yes', '--no-git', '--installer', 'pip'], { cwd, env: ciEnv(offline) });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/^error install failed: .* exited with 1; the project is kept$/m);
    expect(result.stderr).toMatch(/retry: {4}cd svc && python3 -m venv \.venv && \.venv\/bin\/python -m pip install/);
    expect(readFileSync(join(cwd, 'svc', '.bisslog', 'install.log'), 'utf8')).toMatch(/127\.0\.0\.1/);
    expect(existsSync(join(cwd, 'svc', 'metadata.yml'))).toBe(true);
  }, 120_000);

  it('git failing: the project is made, and what git said is printed on one line', async () => {
    const failingGit = tempDir('cbs-git-');
    symlinkSync(process.execPath, join(failingGit, 'node'));
    writeFileSync(
      join(failingGit, 'git'),
      '#!/bin/sh\ncase "$1" in\n  --version) echo "git version 2.0.0" ;;\n  rev-parse) exit 128 ;;\n  commit|-c) echo "fatal: unable to write the commit" >&2; echo "hint: disk" >&2; exit 128 ;;\nesac\nexit 0\n',
    );
    chmodSync(join(failingGit, 'git'), 0o755);
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--no-install'], { cwd, env: ciEnv({ PATH: failingGit }) });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('! git init failed (fatal: unable to write the commit hint: disk): run it yourself\n');
    expect(existsSync(join(cwd, 'svc', 'metadata.yml'))).toBe(true);
  });

  it('NO_COLOR and a pipe give plain text; FORCE_COLOR gives colour', async () => {
    const cwd = tempDir();
    const plain = await cli(['a', '--yes', ...NO_INSTALL], { cwd, env: ciEnv({ NO_COLOR: '1', FORCE_COLOR: undefined }) });
    expect(plain.stdout).not.toContain('\u001b[');
    const coloured = await cli(['b', '--yes', ...NO_INSTALL], { cwd, env: ciEnv({ NO_COLOR: undefined, FORCE_COLOR: '1' }) });
    expect(coloured.stdout).toContain('\u001b[');
  });

  it.skipIf(!isRoot)('a read-only HOME does not matter to scaffolding', async () => {
    const home = tempDir('cbs-home-');
    const cwd = tempDir();
    const script = `mount -t tmpfs -o ro,size=16k tmpfs "$1" && cd "$2" && HOME="$1" node "$3" svc --yes --no-install --no-git`;
    const result = await execa('unshare', ['-m', 'sh', '-c', script, 'sh', home, cwd, BIN], { env: ciEnv(), reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(join(cwd, 'svc', 'metadata.yml'))).toBe(true);
  });
});

describe('add use-case on odd projects', () => {
  const freshProject = projectCopies();

  /** `add use-case` in `project` fails with one line and leaves every file as it was. */
  const refusedAdd = async (project: string, args: string[], message: RegExp) => {
    const before = treeHash(project);
    expectOneLineError(await cli(['add', 'use-case', ...args], { cwd: project }), 2, message);
    expect(treeHash(project)).toBe(before);
  };

  const withMetadata = async (text: string, args: string[], message: RegExp) => {
    const project = freshProject();
    writeFileSync(join(project, 'metadata.yml'), text);
    await refusedAdd(project, args, message);
  };

  it('a project not generated by this tool', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'metadata.yml'), 'name: x\n');
    await refusedAdd(cwd, ['get_thing'], /not inside a bisslog project: no .bisslog\/manifest.json, and no metadata.yml .* beside src\/domain\/use_cases/);
  });

  it('malformed metadata.yml', async () => {
    await withMetadata('name: "x\nuse_cases: [\n', ['list_items'], /metadata\.yml is not valid YAML/);
  });

  it('metadata.yml indented with tabs', async () => {
    await withMetadata('name: x\nuse_cases:\n\tcreate_item:\n\t\tname: a\n', ['list_items'], /metadata\.yml is not valid YAML/);
  });

  it('metadata.yml whose use_cases is not a mapping', async () => {
    await withMetadata('name: x\nuse_cases: [a, b]\n', ['list_items'], /use_cases in metadata\.yml must be a mapping/);
  });

  it('a use case already declared by hand', async () => {
    const text = `${readFileSync(join(freshProject(), 'metadata.yml'), 'utf8')}  list_items:\n    name: "mine"\n`;
    await withMetadata(text, ['list_items'], /use case "list_items" is already in metadata\.yml/);
  });

  it('a manifest with a wrong type names the field', async () => {
    const project = freshProject();
    const path = join(project, '.bisslog', 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { spec: { useCases: unknown[] } };
    manifest.spec.useCases = [{ name: 'get_x', port: 5 }];
    writeFileSync(path, JSON.stringify(manifest));
    await refusedAdd(project, ['list_items'], /^error \.bisslog\/manifest\.json: spec\.useCases\[0\]\.port must be a string$/);
  });

  it('a broken manifest', async () => {
    const project = freshProject();
    writeFileSync(join(project, '.bisslog', 'manifest.json'), '{"tool": "create-bisslog-service"');
    await refusedAdd(project, ['list_items'], /\.bisslog\/manifest\.json is not valid JSON: .*JSON/);
  });

  it('metadata.yml with anchors and comments accepts the addition', async () => {
    const project = freshProject();
    const original = readFileSync(join(project, 'metadata.yml'), 'utf8');
    const anchored = original.replace('use_cases:\n', 'x-defaults: &client\n  actor: "client"\nuse_cases:  # keep me\n');
    writeFileSync(join(project, 'metadata.yml'), anchored);
    const result = await cli(['add', 'use-case', 'list_items'], { cwd: project });
    expect(result.exitCode, result.stderr).toBe(0);
    const after = readFileSync(join(project, 'metadata.yml'), 'utf8');
    expect(after.startsWith(anchored.trimEnd())).toBe(true);
    expect(after.slice(anchored.trimEnd().length)).toMatch(/^\n {2}list_items:\n/);
    expect(existsSync(join(project, 'src', 'domain', 'use_cases', 'list_items.py'))).toBe(true);
  });
});
