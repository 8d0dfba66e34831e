import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectTarget, writeProject } from '../../src/fs/write.js';
import type { FileMap } from '../../src/core/files.js';

const temp = () => mkdtempSync(join(tmpdir(), 'cbs-write-'));
const files = (): FileMap => new Map([['a.txt', 'A'], ['src/b.py', 'B'], ['src/deep/c.py', 'C']]);

describe('inspectTarget', () => {
  it('accepts a missing or empty folder and one holding only harmless files', () => {
    const root = temp();
    expect(inspectTarget(join(root, 'new'), files(), { force: false })).toEqual({ exists: false, replaced: [], backups: {}, unchanged: [] });
    expect(inspectTarget(root, files(), { force: false })).toEqual({ exists: true, replaced: [], backups: {}, unchanged: [] });
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, 'LICENSE'), 'MIT');
    expect(inspectTarget(root, files(), { force: false }).exists).toBe(true);
  });

  it('refuses a non-empty folder unless forced, and lists what it would replace', () => {
    const root = temp();
    writeFileSync(join(root, 'a.txt'), 'mine');
    expect(() => inspectTarget(root, files(), { force: false })).toThrow(/is not empty \(a\.txt\); pass --force/);
    expect(inspectTarget(root, files(), { force: true }).replaced).toEqual(['a.txt']);
  });

  it('refuses a file where the folder should be', () => {
    const root = temp();
    writeFileSync(join(root, 'target'), 'x');
    expect(() => inspectTarget(join(root, 'target'), files(), { force: false })).toThrow(/exists and is not a folder/);
    writeFileSync(join(root, 'src'), 'x');
    expect(() => inspectTarget(root, files(), { force: true })).toThrow(/src in .* is a file, but the service needs a folder/);
  });

  it('never writes through a symbolic link inside the target', () => {
    const root = temp();
    const outside = temp();
    symlinkSync(outside, join(root, 'src'));
    expect(() => inspectTarget(root, files(), { force: true })).toThrow(/src in .* is a symbolic link; refusing to write through it/);
  });
});

describe('writeProject', () => {
  it('stages a new folder and renames it into place', () => {
    const root = temp();
    const target = join(root, 'svc');
    writeProject(target, files(), inspectTarget(target, files(), { force: false }));
    expect(readFileSync(join(target, 'src', 'deep', 'c.py'), 'utf8')).toBe('C');
    expect(readdirSync(root)).toEqual(['svc']);
  });

  it('moves files into an existing folder and keeps replaced files as .orig', () => {
    const root = temp();
    writeFileSync(join(root, 'a.txt'), 'mine');
    writeFileSync(join(root, 'keep.txt'), 'untouched');
    writeProject(root, files(), inspectTarget(root, files(), { force: true }));
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('A');
    expect(readFileSync(join(root, 'a.txt.orig'), 'utf8')).toBe('mine');
    expect(readFileSync(join(root, 'keep.txt'), 'utf8')).toBe('untouched');
    expect(readdirSync(root).sort()).toEqual(['a.txt', 'a.txt.orig', 'keep.txt', 'src']);
  });

  it('leaves nothing behind when a write fails half-way into a new folder', () => {
    const root = temp();
    const target = join(root, 'parent', 'svc');
    // `x` is both a file and a folder: the second write fails after the first succeeded.
    const broken: FileMap = new Map([['a.txt', 'A'], ['x', 'file'], ['x/y.txt', 'Y']]);
    expect(() => writeProject(target, broken, inspectTarget(target, broken, { force: false }))).toThrow(
      /could not write .*; nothing was left behind/,
    );
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses a path that leads out of the target before it makes any folder', () => {
    const root = temp();
    const target = join(root, 'svc');
    const escaping: FileMap = new Map([['a.txt', 'A'], ['../../out/deep/x.txt', 'X']]);
    expect(() => writeProject(target, escaping, { exists: false, replaced: [], backups: {}, unchanged: [] })).toThrow(/outside the target/);
    expect(readdirSync(root)).toEqual([]);
    expect(existsSync(join(root, '..', 'out'))).toBe(false);
  });

  it('restores an existing folder exactly when a write fails', () => {
    const root = temp();
    writeFileSync(join(root, 'a.txt'), 'mine');
    const broken: FileMap = new Map([['a.txt', 'A'], ['x', 'file'], ['x/y.txt', 'Y']]);
    expect(() => writeProject(root, broken, inspectTarget(root, broken, { force: true }))).toThrow();
    expect(readdirSync(root)).toEqual(['a.txt']);
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(root, 'a.txt.orig'))).toBe(false);
  });
});
