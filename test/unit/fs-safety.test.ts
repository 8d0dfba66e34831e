import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync, lstatSync, existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/fs/apply.js';
import { makeFolders, removeFolders } from '../../src/fs/folders.js';
import { scaffoldLeftovers, temporaryLeftovers } from '../../src/fs/leftovers.js';
import { LOCK_PATH, acquireLock } from '../../src/fs/lock.js';
import { decodeUtf8, readBounded } from '../../src/fs/read.js';
import { inspectTarget, writeProject } from '../../src/fs/write.js';
import type { FileMap } from '../../src/core/files.js';

const temp = () => mkdtempSync(join(tmpdir(), 'cbs-fs-'));
const files = (): FileMap => new Map([['a.txt', 'A'], ['README.md', 'R'], ['src/b.py', 'B']]);

/** A pid that is certainly not running: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((done) => child.on('exit', done));
  return child.pid!;
}

describe('bounded folders', () => {
  it('makes missing parents one by one and removes only those it made', () => {
    const root = temp();
    mkdirSync(join(root, 'mine'));
    const made = makeFolders(join(root, 'mine', 'a', 'b'));
    expect(made).toEqual([join(root, 'mine', 'a'), join(root, 'mine', 'a', 'b')]);
    removeFolders(made);
    expect(readdirSync(root)).toEqual(['mine']);
  });

  it('stops under /proc, where mkdir answers ENOENT for a parent that exists, instead of spinning', () => {
    expect(() => makeFolders('/proc/1/no-such/deeper/still')).toThrow(/ENOENT/);
  });

  it('never removes a folder someone filled after it was made', () => {
    const root = temp();
    const made = makeFolders(join(root, 'x'));
    writeFileSync(join(root, 'x', 'theirs'), '1');
    removeFolders(made);
    expect(readFileSync(join(root, 'x', 'theirs'), 'utf8')).toBe('1');
  });
});

describe('bounded reads', () => {
  it('refuses a device, a folder, an oversized file and an endless source without hanging', () => {
    const root = temp();
    expect(() => readBounded('/dev/zero', 'z')).toThrow(/z is larger than 1024 kB/);
    expect(() => readBounded(root, 'dir')).toThrow(/cannot read dir: it is a folder/);
    writeFileSync(join(root, 'big'), Buffer.alloc(2048));
    expect(() => readBounded(join(root, 'big'), 'big', 1024)).toThrow(/big is larger than 1 kB/);
    expect(readBounded(join(root, 'big'), 'big', 4096)).toHaveLength(2048);
  });

  it('reads a FIFO without a writer without blocking', () => {
    const root = temp();
    execFileSync('mkfifo', [join(root, 'fifo')]);
    expect(readBounded(join(root, 'fifo'), 'fifo')).toHaveLength(0);
  });

  it('keeps a byte-order mark and refuses bytes that are not UTF-8, naming the offset', () => {
    expect(decodeUtf8(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), 'f')).toBe('\ufeffa');
    expect(() => decodeUtf8(Buffer.from('caf\xe9', 'latin1'), 'f')).toThrow(/f is not UTF-8 text \(byte 0xe9 at offset 3\)/);
    expect(() => decodeUtf8(Buffer.from([0xff, 0xfe, 0x61, 0x00]), 'f')).toThrow(/byte 0xff at offset 0/);
    expect(() => decodeUtf8(Buffer.from([0x61, 0xe2, 0x82]), 'f')).toThrow(/byte 0xe2 at offset 1/);
  });
});

describe('--force into an existing folder', () => {
  it('twice is idempotent: the second run changes nothing and asks nothing', () => {
    const root = temp();
    writeFileSync(join(root, 'README.md'), 'mine');
    writeProject(root, files(), inspectTarget(root, files(), { force: true }));
    const snapshot = readdirSync(root).sort();
    const second = inspectTarget(root, files(), { force: true });
    expect(second.replaced).toEqual([]);
    expect(second.unchanged.sort()).toEqual(['README.md', 'a.txt', 'src/b.py']);
    writeProject(root, files(), second);
    expect(readdirSync(root).sort()).toEqual(snapshot);
    expect(readFileSync(join(root, 'README.md.orig'), 'utf8')).toBe('mine');
  });

  it('never asks to move a backup away: a later backup takes the next free name', () => {
    const root = temp();
    writeFileSync(join(root, 'README.md'), 'first');
    writeFileSync(join(root, 'README.md.orig'), 'older');
    const report = inspectTarget(root, files(), { force: true });
    expect(report.backups).toEqual({ 'README.md': 'README.md.orig.2' });
    writeProject(root, files(), report);
    expect(readFileSync(join(root, 'README.md.orig'), 'utf8')).toBe('older');
    expect(readFileSync(join(root, 'README.md.orig.2'), 'utf8')).toBe('first');
  });
});

describe('rollback removes only what it made', () => {
  it('keeps a dangling symbolic link above the target and refuses before writing', () => {
    const root = temp();
    symlinkSync(join(root, 'nowhere'), join(root, 'link'));
    expect(() => inspectTarget(join(root, 'link', 'svc'), files(), { force: false })).toThrow(/link is a broken symbolic link/);
    expect(lstatSync(join(root, 'link')).isSymbolicLink()).toBe(true);
  });

  it('refuses a target below a file (ENOTDIR) and a name too long for the file system', () => {
    const root = temp();
    writeFileSync(join(root, 'file'), 'x');
    expect(() => inspectTarget(join(root, 'file', 'svc'), files(), { force: false })).toThrow(/file is a file, so .* cannot be created there/);
    expect(() => inspectTarget(join(root, 'é'.repeat(120)), files(), { force: false })).toThrow(/too long/);
    expect(() => inspectTarget(join(root, 'x'.repeat(300)), files(), { force: false })).toThrow(/too long/);
  });

  it('removes the parent folders it created for a new target when the write fails', () => {
    const root = temp();
    const broken: FileMap = new Map([['a.txt', 'A'], ['x', 'file'], ['x/y.txt', 'Y']]);
    const target = join(root, 'one', 'two', 'svc');
    expect(() => writeProject(target, broken, inspectTarget(target, broken, { force: false }))).toThrow(/nothing was left behind/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('keeps parents that existed, even empty ones', () => {
    const root = temp();
    mkdirSync(join(root, 'empty'));
    const broken: FileMap = new Map([['x', 'file'], ['x/y.txt', 'Y']]);
    const target = join(root, 'empty', 'svc');
    expect(() => writeProject(target, broken, inspectTarget(target, broken, { force: false }))).toThrow();
    expect(readdirSync(root)).toEqual(['empty']);
    expect(readdirSync(join(root, 'empty'))).toEqual([]);
  });
});

describe('applyChanges keeps what it does not edit', () => {
  const update = (content: string): FileMap => new Map([['metadata.yml', content]]);

  it('keeps the mode of a replaced file', () => {
    const root = temp();
    writeFileSync(join(root, 'metadata.yml'), 'a\n');
    chmodSync(join(root, 'metadata.yml'), 0o600);
    applyChanges(root, new Map(), update('b\n'));
    expect(statSync(join(root, 'metadata.yml')).mode & 0o777).toBe(0o600);
    chmodSync(join(root, 'metadata.yml'), 0o640);
    applyChanges(root, new Map(), update('c\n'));
    expect(statSync(join(root, 'metadata.yml')).mode & 0o777).toBe(0o640);
  });

  it('writes through a symbolic link inside the project and keeps the link', () => {
    const root = temp();
    mkdirSync(join(root, 'conf'));
    writeFileSync(join(root, 'conf', 'm.yml'), 'a\n');
    symlinkSync('conf/m.yml', join(root, 'metadata.yml'));
    applyChanges(root, new Map(), update('b\n'));
    expect(lstatSync(join(root, 'metadata.yml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, 'conf', 'm.yml'), 'utf8')).toBe('b\n');
  });

  it('refuses a symbolic link to outside the project, changing nothing', () => {
    const root = temp();
    const outside = join(temp(), 'm.yml');
    writeFileSync(outside, 'a\n');
    symlinkSync(outside, join(root, 'metadata.yml'));
    expect(() => applyChanges(root, new Map(), update('b\n'))).toThrow(/symbolic link to .*outside the project/);
    expect(readFileSync(outside, 'utf8')).toBe('a\n');
  });

  it('keeps hard links together', () => {
    const root = temp();
    writeFileSync(join(root, 'metadata.yml'), 'a\n');
    linkSync(join(root, 'metadata.yml'), join(root, 'twin.yml'));
    applyChanges(root, new Map(), update('b\n'));
    expect(readFileSync(join(root, 'twin.yml'), 'utf8')).toBe('b\n');
  });

  it('restores the exact bytes and mode of an updated file when a later write fails', () => {
    const root = temp();
    const original = Buffer.from([0x61, 0xe9, 0x0d, 0x0a]);
    writeFileSync(join(root, 'metadata.yml'), original);
    chmodSync(join(root, 'metadata.yml'), 0o600);
    writeFileSync(join(root, 'other.yml'), 'o');
    // The second file's temporary name is taken, so its write fails after the first one's.
    writeFileSync(join(root, `other.yml.bisslog-${process.pid}.tmp`), 'in the way');
    const changes: FileMap = new Map([['metadata.yml', 'changed'], ['other.yml', 'changed']]);
    expect(() => applyChanges(root, new Map([['new/deeper/a.py', 'A']]), changes)).toThrow(/could not write the project: .*; nothing was changed/);
    expect(readFileSync(join(root, 'metadata.yml')).equals(original)).toBe(true);
    expect(statSync(join(root, 'metadata.yml')).mode & 0o777).toBe(0o600);
    expect(readdirSync(root).sort()).toEqual(['metadata.yml', 'other.yml', `other.yml.bisslog-${process.pid}.tmp`]);
  });
});

describe('the project lock', () => {
  it('is exclusive, released, and taken over from a process that is gone', async () => {
    const root = temp();
    const release = acquireLock(root);
    expect(JSON.parse(readFileSync(join(root, LOCK_PATH), 'utf8')).pid).toBe(process.pid);
    release();
    expect(existsSync(join(root, LOCK_PATH))).toBe(false);
    const pid = await deadPid();
    mkdirSync(join(root, '.bisslog'), { recursive: true });
    writeFileSync(join(root, LOCK_PATH), JSON.stringify({ pid, host: (await import('node:os')).hostname(), started: Date.now() }));
    const again = acquireLock(root);
    expect(JSON.parse(readFileSync(join(root, LOCK_PATH), 'utf8')).pid).toBe(process.pid);
    again();
  });

  it('waits for a live holder, then refuses naming it', async () => {
    const root = temp();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      mkdirSync(join(root, '.bisslog'), { recursive: true });
      writeFileSync(join(root, LOCK_PATH), JSON.stringify({ pid: holder.pid, host: (await import('node:os')).hostname(), started: Date.now() }));
      const waited: string[] = [];
      const started = Date.now();
      expect(() => acquireLock(root, (who) => waited.push(who), 300)).toThrow(new RegExp(`being changed by process ${holder.pid}`));
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(waited).toEqual([`process ${holder.pid}`]);
    } finally {
      holder.kill();
    }
  });
});

describe('leftovers of a killed run', () => {
  it('removes staging folders and temporary files of dead processes, names live ones', async () => {
    const root = temp();
    const dead = await deadPid();
    mkdirSync(join(root, `.svc.bisslog-staging-${dead}`));
    mkdirSync(join(root, 'svc'));
    mkdirSync(join(root, 'svc', `.bisslog-staging-${dead}`));
    mkdirSync(join(root, 'svc', `.bisslog-staging-${process.ppid}`));
    writeFileSync(join(root, 'svc', `metadata.yml.bisslog-${dead}.tmp`), 'half');
    const dry = scaffoldLeftovers(join(root, 'svc'), true);
    expect(dry.map((l) => l.removed)).toEqual([false, false, false]);
    expect(readdirSync(root)).toHaveLength(2);
    const found = scaffoldLeftovers(join(root, 'svc'), false);
    expect(found.filter((l) => l.removed).map((l) => l.pid)).toEqual([dead, dead]);
    expect(readdirSync(join(root, 'svc')).sort()).toEqual([`.bisslog-staging-${process.ppid}`, `metadata.yml.bisslog-${dead}.tmp`]);
    expect(temporaryLeftovers([join(root, 'svc')], false)).toEqual([{ path: join(root, 'svc', `metadata.yml.bisslog-${dead}.tmp`), pid: dead, removed: true }]);
    expect(readdirSync(root)).toEqual(['svc']);
  });
});
