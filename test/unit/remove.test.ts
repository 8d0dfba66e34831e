import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMoves } from '../../src/fs/remove.js';

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'cbs-moves-'));
  mkdirSync(join(root, 'src', 'flask', '__pycache__'), { recursive: true });
  writeFileSync(join(root, 'src', 'flask', 'app.py'), 'app\n');
  writeFileSync(join(root, 'src', 'flask', '__pycache__', 'app.cpython-312.pyc'), 'cache');
  writeFileSync(join(root, 'src', 'mine.py'), 'mine\n');
  writeFileSync(join(root, 'keep.txt'), 'keep\n');
  return root;
}

describe('applyMoves', () => {
  it('deletes, backs up and writes in one step, and prunes the folders it emptied (caches do not count)', () => {
    const root = project();
    applyMoves(root, { create: new Map([['src/fastapi/app.py', 'new\n']]), update: new Map([['keep.txt', 'kept\n']]), remove: ['src/flask/app.py'], backup: ['src/mine.py'] });
    expect(existsSync(join(root, 'src', 'flask'))).toBe(false);
    expect(readFileSync(join(root, 'src', 'mine.py.orig'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(root, 'src', 'mine.py'))).toBe(false);
    expect(readFileSync(join(root, 'src', 'fastapi', 'app.py'), 'utf8')).toBe('new\n');
    expect(readFileSync(join(root, 'keep.txt'), 'utf8')).toBe('kept\n');
    expect(readdirSync(root).sort()).toEqual(['keep.txt', 'src']);
  });

  it('puts every removed and backed-up file back when a write fails', () => {
    const root = project();
    // A file where a folder must go makes the write fail after the removals.
    writeFileSync(join(root, 'blocker'), 'x');
    expect(() =>
      applyMoves(root, { create: new Map([['blocker/app.py', 'new\n']]), update: new Map(), remove: ['src/flask/app.py'], backup: ['src/mine.py'] }),
    ).toThrow(/blocker is a file/);
    expect(readFileSync(join(root, 'src', 'flask', 'app.py'), 'utf8')).toBe('app\n');
    expect(readFileSync(join(root, 'src', 'mine.py'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(root, 'src', 'mine.py.orig'))).toBe(false);
    expect(readdirSync(root).sort()).toEqual(['blocker', 'keep.txt', 'src']);
  });

  it('backs up next to an earlier backup, never over it, and says where', () => {
    const root = project();
    writeFileSync(join(root, 'src', 'mine.py.orig'), 'old\n');
    const backups = applyMoves(root, { create: new Map(), update: new Map(), remove: [], backup: ['src/mine.py'] });
    expect([...backups]).toEqual([['src/mine.py', 'src/mine.py.orig.2']]);
    expect(readFileSync(join(root, 'src', 'mine.py.orig'), 'utf8')).toBe('old\n');
    expect(readFileSync(join(root, 'src', 'mine.py.orig.2'), 'utf8')).toBe('mine\n');
  });

  it('refuses a path outside the project before changing anything', () => {
    const root = project();
    expect(() => applyMoves(root, { create: new Map(), update: new Map(), remove: ['../x'], backup: ['src/mine.py'] })).toThrow(/outside the project/);
    expect(readFileSync(join(root, 'src', 'mine.py'), 'utf8')).toBe('mine\n');
  });
});
