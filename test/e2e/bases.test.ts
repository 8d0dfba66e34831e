import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPack } from '../../src/core/bases.js';
import { cli, expectOneLineError, projectCopies, treeHash } from './support.js';

/** The bases of upgrade's merges: one pack file, read back by every grow command. */
describe('the bases pack on disk', () => {
  const copy = projectCopies();

  const packOf = (project: string) => readPack(readFileSync(join(project, '.bisslog', 'bases.pack')));
  const manifestHashes = (project: string) => Object.values((JSON.parse(readFileSync(join(project, '.bisslog', 'manifest.json'), 'utf8')) as { files: Record<string, string> }).files);

  it('a scaffold writes one pack holding the base of every generated file', () => {
    const project = copy();
    expect(readdirSync(join(project, '.bisslog')).sort()).toEqual(['bases.pack', 'manifest.json']);
    const pack = packOf(project);
    for (const hash of manifestHashes(project)) expect(pack.has(hash), hash).toBe(true);
  });

  it.each([
    ['cut short', (text: Buffer) => text.subarray(0, Math.floor(text.length / 2))],
    ['overwritten', () => Buffer.from('not a pack\n')],
  ])('a pack %s is one line of error for every grow command, and nothing changes', async (_, damage) => {
    const project = copy();
    const packPath = join(project, '.bisslog', 'bases.pack');
    writeFileSync(packPath, damage(readFileSync(packPath)));
    const before = treeHash(project);
    for (const args of [['add', 'use-case', 'list_items'], ['remove', 'use-case', 'get_item'], ['upgrade'], ['add', 'entry-point', 'fastapi', '--no-install']]) {
      expectOneLineError(await cli(args, { cwd: project }), 2, /\.bisslog\/bases\.pack is damaged at byte \d+/);
    }
    expect(treeHash(project)).toBe(before);
  });

  it("a project laid out by 0.2.0 (a file per base) is read, and moved into the pack by the next command that writes bases, leaving other files", async () => {
    const project = copy();
    const legacy = join(project, '.bisslog', 'bases');
    mkdirSync(legacy);
    const pack = packOf(project);
    for (const hash of manifestHashes(project)) writeFileSync(join(legacy, hash.slice('sha256:'.length)), pack.get(hash)!);
    rmSync(join(project, '.bisslog', 'bases.pack'));
    writeFileSync(join(legacy, 'NOTES.md'), 'ours\n');

    // Reading alone changes nothing.
    const before = treeHash(project);
    const dry = await cli(['add', 'use-case', 'list_items', '--dry-run'], { cwd: project });
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(treeHash(project)).toBe(before);

    const added = await cli(['add', 'use-case', 'list_items'], { cwd: project });
    expect(added.exitCode, added.stderr).toBe(0);
    expect(readdirSync(legacy)).toEqual(['NOTES.md']);
    const after = packOf(project);
    for (const hash of manifestHashes(project)) expect(after.has(hash), hash).toBe(true);

    rmSync(join(legacy, 'NOTES.md'));
    const upgraded = await cli(['upgrade'], { cwd: project });
    expect(upgraded.exitCode, upgraded.stderr).toBe(0);
    expect(upgraded.stdout).toContain('up to date');
    expect(existsSync(join(project, '.bisslog', 'bases.pack'))).toBe(true);
  });
});
