import { chmodSync, chownSync, cpSync, existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, ciEnv, cli, expectOneLineError, projectCopies, refused, tempDir, treeHash } from './support.js';

/**
 * Hostile input and faults, round two: ownership, bytes kept, concurrency, derived names,
 * invisible characters, bounded work, one-line errors, rollback, leftovers of a killed run and
 * the installers' process group. Each case runs the real CLI.
 */
const NO_INSTALL = ['--no-install', '--no-git'];
const isRoot = process.getuid?.() === 0;
const OTHER_UID = 65534;



/** A finished child's pid: a process that is certainly gone. */
async function deadPid(): Promise<number> {
  const child = execa('node', ['-e', '0']);
  await child;
  return child.pid!;
}

function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name), uid);
}

const freshProject = projectCopies();

/** A `.venv/bin/bisslog_schema` that leaves a mark when anyone runs it. */
function plantAnalyzer(project: string): string {
  const mark = join(tempDir('cbs-mark-'), 'ran');
  mkdirSync(join(project, '.venv', 'bin'), { recursive: true });
  writeFileSync(join(project, '.venv', 'bin', 'bisslog_schema'), `#!/bin/sh\ntouch '${mark}'\n`);
  chmodSync(join(project, '.venv', 'bin', 'bisslog_schema'), 0o755);
  return mark;
}

describe('1. a project or .venv owned by another user is never run or written', () => {
  it.skipIf(!isRoot)('a project planted above the working folder: check refuses and runs nothing', async () => {
    const planted = freshProject();
    const mark = plantAnalyzer(planted);
    mkdirSync(join(planted, 'work'));
    chownTree(planted, OTHER_UID);
    chownSync(join(planted, 'work'), 0, 0);
    const result = await cli(['check'], { cwd: join(planted, 'work') });
    expectOneLineError(result, 2, new RegExp(`refusing to use project ${planted}: it is owned by uid ${OTHER_UID}, not by you \\(uid 0\\); if you trust it, run again with CREATE_BISSLOG_SAFE_DIRECTORY=`));
    expect(existsSync(mark)).toBe(false);
  });

  it.skipIf(!isRoot)('add refuses a project of another user and changes nothing', async () => {
    const project = freshProject();
    chownTree(project, OTHER_UID);
    const before = treeHash(project);
    expectOneLineError(await cli(['add', 'use-case', 'list_items'], { cwd: join(project, 'src') }), 2, /refusing to use project .* owned by uid 65534/);
    expect(treeHash(project)).toBe(before);
  });

  it.skipIf(!isRoot)('a .venv of another user in my project: check refuses to run it', async () => {
    const project = freshProject();
    const mark = plantAnalyzer(project);
    chownTree(join(project, '.venv'), OTHER_UID);
    expectOneLineError(await cli(['check'], { cwd: project }), 2, /refusing to use environment .*\.venv: it is owned by uid 65534/);
    expect(existsSync(mark)).toBe(false);
  });

  it.skipIf(!isRoot)('a .venv that links to another user\'s folder counts as theirs', async () => {
    const project = freshProject();
    const theirs = tempDir('cbs-theirs-');
    const mark = plantAnalyzer(theirs);
    symlinkSync(join(theirs, '.venv'), join(project, '.venv'));
    chownTree(theirs, OTHER_UID);
    expectOneLineError(await cli(['check'], { cwd: project }), 2, /refusing to use environment/);
    expect(existsSync(mark)).toBe(false);
  });

  it.skipIf(!isRoot)('create --force into a folder of another user is refused', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'svc'));
    writeFileSync(join(cwd, 'svc', 'notes.txt'), 'x');
    chownTree(join(cwd, 'svc'), OTHER_UID);
    const before = treeHash(cwd);
    expectOneLineError(await cli(['svc', '--yes', '--force', ...NO_INSTALL], { cwd }), 2, /refusing to use folder .*svc: it is owned by uid 65534/);
    expect(treeHash(cwd)).toBe(before);
  });

  it.skipIf(!isRoot)('trusted by name, or under sudo by the calling user, it is used', async () => {
    const project = freshProject();
    chownTree(project, OTHER_UID);
    const trusted = await cli(['add', 'use-case', 'list_items'], { cwd: project, env: ciEnv({ CREATE_BISSLOG_SAFE_DIRECTORY: project }) });
    expect(trusted.exitCode, trusted.stderr).toBe(0);
    const other = freshProject();
    chownTree(other, OTHER_UID);
    const sudo = await cli(['add', 'use-case', 'list_items'], { cwd: other, env: ciEnv({ SUDO_UID: String(OTHER_UID) }) });
    expect(sudo.exitCode, sudo.stderr).toBe(0);
  });

  it('my own project is used as before', async () => {
    const project = freshProject();
    const mark = plantAnalyzer(project);
    await cli(['check'], { cwd: project });
    expect(existsSync(mark)).toBe(true);
  });
});

describe('2. add keeps every byte, line ending, mode and link outside its edit', () => {
  const metadata = (project: string) => join(project, 'metadata.yml');
  const add = (project: string, name = 'list_items') => cli(['add', 'use-case', name], { cwd: project });

  it('CRLF line endings stay CRLF, the new lines included', async () => {
    const project = freshProject();
    const crlf = readFileSync(metadata(project), 'utf8').replace(/\n/g, '\r\n');
    writeFileSync(metadata(project), crlf);
    expect((await add(project)).exitCode).toBe(0);
    const after = readFileSync(metadata(project), 'utf8');
    expect(after.startsWith(crlf)).toBe(true);
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('CRLF without a final line break', async () => {
    const project = freshProject();
    const crlf = readFileSync(metadata(project), 'utf8').replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    writeFileSync(metadata(project), crlf);
    expect((await add(project)).exitCode).toBe(0);
    expect(readFileSync(metadata(project), 'utf8').replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('a UTF-8 byte-order mark and non-ASCII comments are kept byte for byte', async () => {
    const project = freshProject();
    const original = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# café, 日本語\n'), readFileSync(metadata(project))]);
    writeFileSync(metadata(project), original);
    expect((await add(project)).exitCode).toBe(0);
    expect(readFileSync(metadata(project)).subarray(0, original.length - 1).equals(original.subarray(0, original.length - 1))).toBe(true);
  });

  it.each([
    ['Windows-1252', Buffer.from('# caf\xe9\n', 'latin1'), /metadata\.yml is not UTF-8 text \(byte 0xe9 at offset \d+\)/],
    ['UTF-16', Buffer.from([0xff, 0xfe, 0x6e, 0x00]), /metadata\.yml is not UTF-8 text \(byte 0xff at offset 0\)/],
  ])('%s bytes: refused, the file unchanged', async (_, bytes, message) => {
    const project = freshProject();
    writeFileSync(metadata(project), Buffer.concat(_ === 'UTF-16' ? [bytes] : [readFileSync(metadata(project)), bytes]));
    const before = treeHash(project);
    expectOneLineError(await add(project), 2, message);
    expect(treeHash(project)).toBe(before);
  });

  it.each([0o600, 0o640, 0o444])('mode %o is kept', async (mode) => {
    const project = freshProject();
    chmodSync(metadata(project), mode);
    expect((await add(project)).exitCode).toBe(0);
    expect(statSync(metadata(project)).mode & 0o777).toBe(mode);
  });

  it('a symlinked metadata.yml stays a link; its target gets the edit', async () => {
    const project = freshProject();
    mkdirSync(join(project, 'config'));
    cpSync(metadata(project), join(project, 'config', 'metadata.yml'));
    rmSync(metadata(project));
    symlinkSync('config/metadata.yml', metadata(project));
    expect((await add(project)).exitCode).toBe(0);
    expect(readlinkSync(metadata(project))).toBe('config/metadata.yml');
    expect(readFileSync(join(project, 'config', 'metadata.yml'), 'utf8')).toContain('list_items:');
  });

  it('a metadata.yml linked to outside the project: refused, nothing changed', async () => {
    const project = freshProject();
    const outside = join(tempDir('cbs-outside-'), 'metadata.yml');
    cpSync(metadata(project), outside);
    rmSync(metadata(project));
    symlinkSync(outside, metadata(project));
    const before = [treeHash(project), readFileSync(outside, 'utf8')];
    expectOneLineError(await add(project), 2, /metadata\.yml is a symbolic link to .*, outside the project; refusing to write through it/);
    expect([treeHash(project), readFileSync(outside, 'utf8')]).toEqual(before);
  });

  it('a hard-linked metadata.yml stays linked', async () => {
    const project = freshProject();
    linkSync(metadata(project), join(project, 'twin.yml'));
    expect((await add(project)).exitCode).toBe(0);
    expect(readFileSync(join(project, 'twin.yml'), 'utf8')).toContain('list_items:');
  });
});

describe('3. concurrent growth loses nothing', () => {
  it('six adds at once on one project: every entry lands in metadata.yml and the manifest', async () => {
    const project = freshProject();
    const names = ['list_items', 'update_item', 'delete_item', 'approve_item', 'send_invoice', 'ship_item'];
    const results = await Promise.all(names.map((name) => cli(['add', 'use-case', name], { cwd: project })));
    for (const result of results) expect(result.exitCode, result.stderr).toBe(0);
    const text = readFileSync(join(project, 'metadata.yml'), 'utf8');
    const manifest = JSON.parse(readFileSync(join(project, '.bisslog', 'manifest.json'), 'utf8')) as { spec: { useCases: unknown[] } };
    for (const name of names) expect(text).toContain(`  ${name}:\n`);
    expect(manifest.spec.useCases).toHaveLength(2 + names.length);
    expect(existsSync(join(project, '.bisslog', 'lock'))).toBe(false);
  }, 60_000);

  it('a lock left by a killed run is taken over', async () => {
    const project = freshProject();
    writeFileSync(join(project, '.bisslog', 'lock'), JSON.stringify({ pid: await deadPid(), host: hostname(), started: Date.now() }));
    const result = await cli(['add', 'use-case', 'list_items'], { cwd: project });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(join(project, '.bisslog', 'lock'))).toBe(false);
  });

  it('a live holder is waited for', async () => {
    const project = freshProject();
    const holder = execa('node', ['-e', 'setTimeout(() => {}, 1500)'], { reject: false });
    writeFileSync(join(project, '.bisslog', 'lock'), JSON.stringify({ pid: holder.pid, host: hostname(), started: Date.now() }));
    setTimeout(() => {
      // The holder finishes and releases, as a real add does.
      void holder.then(() => rmSync(join(project, '.bisslog', 'lock'), { force: true }));
    }, 0);
    const result = await cli(['add', 'use-case', 'list_items'], { cwd: project });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`waiting for process ${holder.pid}`);
  });
});

describe('4. derived identifiers are valid and unique', () => {
  it.each([
    ['a port that starts with a digit', ['--use-case', 'send_2fa'], /port name "2fas" must start with a letter/],
    ['one CloudFormation id for two use cases', ['--entry', 'lambda', '--use-case', 'get_v_2x,get_v2x'], /use cases get_v_2x and get_v2x both become GetV2x/],
    ['one class for two use cases, any entry point', ['--use-case', 'send_a_1b,send_a1b'], /both become SendA1b/],
    ['a queue named like the dead-letter queue', ['--entry', 'lambda', '--use-case', 'dead_letter'], /DeadLetterQueue/],
    ['two ports with one class', ['--use-case', 'create_x_1a,list_x1as'], /both become the class X1asDivision/],
    ['an empty description, which bisslog-schema refuses', ['--description='], /^error description is empty$/],
    ['a team of spaces', ['--team', '   '], /^error team is empty$/],
    ['a service named like its own dependency', ['--name', 'flask'], /makes the Python project flask, one of its own dependencies \(flask>=/],
  ])('%s', async (_, args, message) => {
    await refused(['svc', '--yes', ...args, ...NO_INSTALL], 2, message);
  });

  it.each([
    ['a port that is a pytest fixture', [{ name: 'get_order', port: 'monkeypatch' }], /"monkeypatch" is a pytest fixture name/],
    ['two ports for one entity', [{ name: 'get_order', port: 'order' }, 'list_orders'], /ports order and orders both name the entity order/],
  ])('--from with %s', async (_, useCases, message) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'spec.json'), JSON.stringify({ name: 'x', description: 'd', team: 't', entryPoints: ['flask'], adapters: [], useCases }));
    const before = treeHash(cwd);
    expectOneLineError(await cli(['svc', '--from', 'spec.json', ...NO_INSTALL], { cwd }), 2, message);
    expect(treeHash(cwd)).toBe(before);
  });

  it('add refuses a use case whose class another one already has', async () => {
    const project = freshProject();
    expect((await cli(['add', 'use-case', 'send_a_1b'], { cwd: project })).exitCode).toBe(0);
    const before = treeHash(project);
    expectOneLineError(await cli(['add', 'use-case', 'send_a1b'], { cwd: project }), 2, /both become SendA1b/);
    expect(treeHash(project)).toBe(before);
  });
});

describe('6. control, invisible and direction characters', () => {
  it.each([
    ['NEL (U+0085) in the name', ['--name', 'ab\u0085c'], /service name must be a single line without control characters/],
    ['a C1 control in the description', ['--description', 'a\u009bb'], /description holds U\+009B/],
    ['a right-to-left override in the name', ['--name', 'abc\u202edef'], /service name holds U\+202E/],
    ['a bidi isolate in the team', ['--team', 'a\u2066b'], /team holds U\+2066/],
    ['a zero-width space in the name', ['--name', 'a\u200bb'], /service name holds U\+200B/],
    ['a byte-order mark in the description', ['--description', '\ufeffx'], /description holds U\+FEFF/],
    ['a bidi override in the folder', ['a\u202eb'], /folder holds U\+202E/],
  ])('%s is refused', async (_, args, message) => {
    await refused(['svc', '--yes', ...args, ...NO_INSTALL].slice(args.length === 1 ? 1 : 0), 2, message);
  });

  it('a terminal escape in a value is shown escaped in the error', async () => {
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--entry', 'fl\u001b[2Jask', ...NO_INSTALL], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).not.toContain('\u001b');
    expect(result.stderr).toMatch(/unknown entry "fl\\u(\{1b\}|001b)\[2Jask"/);
  });
});

describe('7. nothing hangs', () => {
  it.each([
    ['/dev/zero', '/dev/zero', /--from file \/dev\/zero is larger than 1024 kB; refusing to read it/],
    ['a folder', '.', /cannot read --from file .*: it is a folder, not a file/],
  ])('--from %s', async (_, from, message) => {
    await refused(['svc', '--from', from, ...NO_INSTALL], 2, message);
  }, 20_000);

  it('a FIFO nobody writes to is read as empty, not waited on', async () => {
    const cwd = tempDir();
    await execa('mkfifo', [join(cwd, 'spec')]);
    expectOneLineError(await cli(['svc', '--from', 'spec', ...NO_INSTALL], { cwd }), 2, /does not hold a service spec/);
  }, 20_000);

  it('a file over the size cap', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'spec.json'), `{"name": "${'x'.repeat(2 * 1024 * 1024)}"}`);
    expectOneLineError(await cli(['svc', '--from', 'spec.json', ...NO_INSTALL], { cwd }), 2, /is larger than 1024 kB/);
  });

  const bomb = () => {
    let text = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    let previous = 'a';
    for (const name of 'bcdefghi') {
      text += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
      previous = name;
    }
    return text;
  };

  it('a YAML alias bomb in --from is named as one', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'spec.yml'), bomb());
    expectOneLineError(await cli(['svc', '--from', 'spec.yml', ...NO_INSTALL], { cwd }), 2, /spec\.yml expands YAML aliases more than 100 times; refusing it/);
  });

  it('a YAML alias bomb in metadata.yml stops add and check in one line', async () => {
    const project = freshProject();
    writeFileSync(join(project, 'metadata.yml'), `${readFileSync(join(project, 'metadata.yml'), 'utf8')}x-bomb:\n${bomb().replace(/^/gm, '  ')}`);
    const before = treeHash(project);
    expectOneLineError(await cli(['add', 'use-case', 'list_items'], { cwd: project }), 2, /metadata\.yml expands YAML aliases more than 100 times/);
    expect(treeHash(project)).toBe(before);
    const check = await cli(['check', '--no-analyzer'], { cwd: project });
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toMatch(/drift metadata\.yml expands YAML aliases more than 100 times/);
  });

  it('metadata.yml linked to /dev/zero', async () => {
    const project = freshProject();
    rmSync(join(project, 'metadata.yml'));
    symlinkSync('/dev/zero', join(project, 'metadata.yml'));
    expectOneLineError(await cli(['add', 'use-case', 'list_items'], { cwd: project }), 2, /metadata\.yml is larger than 1024 kB/);
  }, 20_000);

  it.each(['/proc/1/no-such/svc', '/proc/self/fd/svc'])('a target under /proc (%s) fails at once', async (target) => {
    const started = Date.now();
    const result = await cli([target, '--yes', ...NO_INSTALL]);
    expect([1, 2]).toContain(result.exitCode);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 20_000);
});

describe('8. one-line errors, never a stack trace', () => {
  it('a parent that is a file (ENOTDIR)', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'file'), 'x');
    const before = treeHash(cwd);
    expectOneLineError(await cli(['file/svc', '--yes', ...NO_INSTALL], { cwd }), 2, /file is a file, so file\/svc cannot be created there/);
    expect(treeHash(cwd)).toBe(before);
  });

  it('a name too long for the file system (ENAMETOOLONG)', async () => {
    await refused(['é'.repeat(200), '--yes', ...NO_INSTALL], 2, /too long/);
  });

  it('a manifest that is a folder (EISDIR), for add and check', async () => {
    const project = freshProject();
    rmSync(join(project, '.bisslog', 'manifest.json'));
    mkdirSync(join(project, '.bisslog', 'manifest.json'));
    const before = treeHash(project);
    expectOneLineError(await cli(['add', 'use-case', 'list_items'], { cwd: project }), 2, /cannot read \.bisslog\/manifest\.json: it is a folder, not a file/);
    expectOneLineError(await cli(['check', '--no-analyzer'], { cwd: project }), 2, /cannot read \.bisslog\/manifest\.json: it is a folder/);
    expect(treeHash(project)).toBe(before);
  });

  it.skipIf(!isRoot)('a read-only file system (EROFS) is called that', async () => {
    const mount = tempDir('cbs-ro-');
    const script = `mount -t tmpfs -o ro,size=16k tmpfs "$1" && cd "$1" && node "$2" deep/svc --yes --no-install --no-git`;
    const result = await execa('unshare', ['-m', 'sh', '-c', script, 'sh', mount, BIN], { env: ciEnv(), reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toMatch(/^error could not write deep\/svc: read-only file system; nothing was left behind: EROFS/);
  });

  const SPEC = { name: 'x', description: 'd', team: 't', entryPoints: ['flask'], adapters: ['memory'], useCases: ['get_item'] };
  it.each([
    ['a number for a method', { ...SPEC, useCases: [{ name: 'get_x', method: 5 }] }, /useCases\[0\]\.method must be a string$/],
    ['a number for the name', { ...SPEC, name: 5 }, /name must be a string$/],
    ['null for the entry points', { ...SPEC, entryPoints: null }, /entryPoints must be a list$/],
    ['an object for a use case name', { ...SPEC, useCases: [{ name: { a: 1 } }] }, /useCases\[0\]\.name must be a string$/],
    ['a list at the top', [SPEC], /does not hold a service spec$/],
    ['a bare string', 'just text', /does not hold a service spec$/],
  ])('--from with %s', async (_, content, message) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'spec.json'), JSON.stringify(content));
    expectOneLineError(await cli(['svc', '--from', 'spec.json', ...NO_INSTALL], { cwd }), 2, message);
  });

  it.each([
    ['fails', '#!/bin/sh\necho "Fatal Python error: init_fs_encoding" >&2\nexit 1\n', /python3 on PATH does not work \(exit 1: Fatal Python error: init_fs_encoding\)/],
    ['answers nonsense', '#!/bin/sh\necho "hello"\n', /python3 on PATH does not work \(it answered "hello" when asked its version\)/],
    ['is killed', '#!/bin/sh\nkill -9 $$\n', /python3 on PATH does not work \(killed by SIGKILL\)/],
  ])('a python3 that %s is named, not reported missing', async (_, script, message) => {
    const path = tempDir('cbs-py-');
    symlinkSync(process.execPath, join(path, 'node'));
    writeFileSync(join(path, 'python3'), script);
    chmodSync(join(path, 'python3'), 0o755);
    await refused(['svc', '--yes', '--no-git'], 1, message, { PATH: path });
  });

  it.each([
    ['closed', 'exec >&-'],
    ['a pipe nobody reads', 'exec > >(true)'],
    ['a full device', 'exec >/dev/full'],
  ])('stdout %s: the write, git and the rest still happen', async (_, redirect) => {
    const cwd = tempDir();
    const result = await execa('bash', ['-c', `${redirect}; sleep 0.1; node "$1" svc --yes --no-install`, 'bash', BIN], { cwd, env: ciEnv(), reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(join(cwd, 'svc', '.git'))).toBe(true);
    expect(result.stderr).not.toMatch(/EPIPE|ENOSPC|at /);
  });
});

describe('9. rollback removes only what it made', () => {
  it('a dangling symbolic link above the target is kept, and nothing written', async () => {
    const cwd = tempDir();
    symlinkSync(join(cwd, 'nowhere'), join(cwd, 'link'));
    const before = treeHash(cwd);
    expectOneLineError(await cli(['link/svc', '--yes', ...NO_INSTALL], { cwd }), 2, /link is a broken symbolic link, so link\/svc cannot be created/);
    expect(treeHash(cwd)).toBe(before);
  });

  it('a dangling symbolic link where add would create a port folder is kept', async () => {
    const project = freshProject();
    symlinkSync(join(project, 'nowhere'), join(project, 'src', 'infra', 'invoices'));
    const before = treeHash(project);
    expectOneLineError(await cli(['add', 'use-case', 'get_invoice'], { cwd: project }), 2, /src\/infra\/invoices is a symbolic link; refusing to write through it/);
    expect(treeHash(project)).toBe(before);
  });

  it.skipIf(!isRoot)('parent folders made for the target are removed when the write fails (a full disk)', async () => {
    const mount = tempDir('cbs-full-');
    const script = `mount -t tmpfs -o size=48k tmpfs "$1" && cd "$1" && mkdir kept && node "$2" kept/one/two/svc --yes --no-install --no-git; code=$?; echo "left:$(find "$1" -mindepth 1 | sort | tr '\\n' ' ')"; exit $code`;
    const result = await execa('unshare', ['-m', 'sh', '-c', script, 'sh', mount, BIN], { env: ciEnv(), reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/no space left on the device; nothing was left behind/);
    expect(result.stdout).toMatch(new RegExp(`^left:${mount}/kept $`, 'm'));
  });
});

describe('10. after SIGKILL', () => {
  it('staging folders of a killed run are found, named and removed on the next run', async () => {
    const cwd = tempDir();
    const pid = await deadPid();
    mkdirSync(join(cwd, `.svc.bisslog-staging-${pid}`, 'src'), { recursive: true });
    const result = await cli(['svc', '--yes', ...NO_INSTALL], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain(`warning removed .svc.bisslog-staging-${pid}, left by an interrupted run (process ${pid} has ended)`);
    expect(readdirSync(cwd)).toEqual(['svc']);
  });

  it('a real SIGKILL mid-write into an existing folder: the next run cleans up and completes', async () => {
    const cwd = tempDir();
    const pid = await deadPid();
    mkdirSync(join(cwd, `.bisslog-staging-${pid}`));
    writeFileSync(join(cwd, `.bisslog-staging-${pid}`, 'half.py'), 'x = ');
    const dry = await cli(['.', '--yes', '--name', 'svc', '--dry-run', ...NO_INSTALL], { cwd });
    expect(dry.stderr).toContain(`.bisslog-staging-${pid} was left by an interrupted run (process ${pid} has ended); it will be removed`);
    expect(existsSync(join(cwd, `.bisslog-staging-${pid}`))).toBe(true);
    const result = await cli(['.', '--yes', '--name', 'svc', ...NO_INSTALL], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readdirSync(cwd).filter((name) => name.includes('staging'))).toEqual([]);
  });

  it('a live run\'s staging folder is named and left alone', async () => {
    const cwd = tempDir();
    const live = execa('node', ['-e', 'setTimeout(() => {}, 30000)'], { reject: false });
    try {
      mkdirSync(join(cwd, `.svc.bisslog-staging-${live.pid}`));
      const result = await cli(['svc', '--yes', ...NO_INSTALL], { cwd });
      expect(result.stderr).toContain(`.svc.bisslog-staging-${live.pid} belongs to process ${live.pid}, which is still running; left alone`);
      expect(existsSync(join(cwd, `.svc.bisslog-staging-${live.pid}`))).toBe(true);
    } finally {
      live.kill();
    }
  });

  it('a temporary file add left behind is removed by the next add', async () => {
    const project = freshProject();
    const pid = await deadPid();
    writeFileSync(join(project, `metadata.yml.bisslog-${pid}.tmp`), 'half');
    const result = await cli(['add', 'use-case', 'list_items'], { cwd: project });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(join(project, `metadata.yml.bisslog-${pid}.tmp`))).toBe(false);
  });

  it('--force twice on the same project is idempotent', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'README.md'), 'mine');
    const args = ['.', '--yes', '--force', '--name', 'svc', ...NO_INSTALL];
    expect((await cli(args, { cwd })).exitCode).toBe(0);
    const once = treeHash(cwd);
    const again = await cli(args, { cwd });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('replaced');
    expect(treeHash(cwd)).toBe(once);
    expect(readFileSync(join(cwd, 'README.md.orig'), 'utf8')).toBe('mine');
  });

  it('a backup already there is never in the way, and no advice asks to move a file away', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'README.md'), 'second');
    writeFileSync(join(cwd, 'README.md.orig'), 'first');
    const result = await cli(['.', '--yes', '--force', '--name', 'svc', ...NO_INSTALL], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('replaced README.md (yours is kept as README.md.orig.2)');
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/move .* away/);
    expect(readFileSync(join(cwd, 'README.md.orig'), 'utf8')).toBe('first');
    expect(readFileSync(join(cwd, 'README.md.orig.2'), 'utf8')).toBe('second');
  });
});

describe('11. installers die with us', () => {
  /** Processes whose working folder is inside `dir`. */
  const processesIn = (dir: string) =>
    readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          return readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
        } catch {
          return false;
        }
      });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s during python -m venv ends ensurepip too', async (signal, code) => {
    const cwd = tempDir();
    const child = execa('node', [BIN, 'svc', '--yes', '--no-git', '--installer', 'pip'], { cwd, env: ciEnv(), reject: false, stdin: 'ignore' });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Installing dependencies')) setTimeout(() => child.kill(signal), 1500);
    });
    const result = await child;
    expect(result.exitCode).toBe(code);
    await new Promise((done) => setTimeout(done, 500));
    expect(processesIn(join(cwd, 'svc'))).toEqual([]);
  }, 60_000);
});
