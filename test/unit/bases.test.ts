import { describe, expect, it } from 'vitest';
import { BASES_PACK, type StoredBases, legacyBasePath, packBases, readPack } from '../../src/core/bases.js';
import { CliError } from '../../src/core/errors.js';
import { MANIFEST_PATH, hashContent, parseManifest, withManifest } from '../../src/core/manifest.js';
import type { ServiceSpec } from '../../src/core/spec.js';
import { type ChangeOptions, planChange } from '../../src/grow/plan-change.js';
import { withoutUseCase } from '../../src/grow/spec-edits.js';
import { ORDERS_SPEC, VERSION, asTexts, catalog, renderSpec, templates } from './real-templates.js';

const TEXTS = [
  'plain\n',
  'naïve café — 日本語 🚀\n',
  'line one\r\nline two\r\n',
  'no newline at the end',
  '',
  '\n\n',
  `${'x'.repeat(70_000)}\n`,
  // A text that looks like a header must stay text.
  `${'a'.repeat(64)} 3\nabc\n`,
];
const byHash = (texts: string[]) => new Map(texts.map((text) => [hashContent(text), text]));
const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('the bases pack', () => {
  it('gives back every text byte for byte: non-ASCII, CRLF, empty, without a final newline, long', () => {
    const pack = readPack(packBases(byHash(TEXTS)));
    for (const text of TEXTS) expect(pack.get(hashContent(text))).toBe(text);
    expect(pack.has(hashContent('absent\n'))).toBe(false);
    expect(pack.get(hashContent('absent\n'))).toBeUndefined();
  });

  it('copies stored entries byte for byte: a pack made from the entries of another, or some of them and texts, is that pack', () => {
    const packed = packBases(byHash(TEXTS));
    const pack = readPack(packed);
    const copied = new Map([...byHash(TEXTS).keys()].map((hash, i) => [hash, i % 2 === 0 ? pack.entry(hash)! : pack.get(hash)!]));
    expect(packBases(copied)).toEqual(packed);
    expect(pack.entry(hashContent('absent\n'))).toBeUndefined();
  });

  it('is the same bytes whatever order the bases come in, entries sorted by hash', () => {
    const packed = packBases(byHash(TEXTS));
    expect(packBases(byHash([...TEXTS].reverse()))).toEqual(packed);
    const headers = [...packed.toString('latin1').matchAll(/^([0-9a-f]{64}) (\d+)$/gm)].map((m) => m[1]!);
    const hexes = TEXTS.map((t) => hashContent(t).slice('sha256:'.length));
    expect(headers.filter((h) => hexes.includes(h))).toEqual([...hexes].sort());
    expect(packBases(new Map()).toString()).toBe('bisslog-bases 1\n');
  });

  it('refuses a pack cut short anywhere inside an entry, in one line naming it', () => {
    const packed = packBases(byHash(['first\n', 'é\r\n', 'third']));
    let refused = 0;
    for (let cut = 0; cut < packed.length; cut++) {
      try {
        readPack(packed.subarray(0, cut));
      } catch (error) {
        expect(error).toBeInstanceOf(CliError);
        expect((error as Error).message).toContain(BASES_PACK);
        expect((error as Error).message).not.toContain('\n');
        refused++;
        continue;
      }
      // Only a cut between two entries reads as a (smaller) pack.
      expect(packed[cut - 1]).toBe(0x0a);
    }
    expect(refused).toBeGreaterThan(packed.length / 2);
  });

  it.each([
    ['another first line', 'bases 2\n'],
    ['a bad header', 'bisslog-bases 1\nnot-a-hash 3\nabc\n'],
    ['a length past the end', `bisslog-bases 1\n${'a'.repeat(64)} 99\nabc\n`],
    ['repeated entries', `bisslog-bases 1\n${'a'.repeat(64)} 1\nx\n${'a'.repeat(64)} 1\nx\n`],
    ['entries out of order', `bisslog-bases 1\n${'b'.repeat(64)} 1\nx\n${'a'.repeat(64)} 1\nx\n`],
  ])('refuses %s', (_, text) => {
    expect(() => readPack(bytes(text))).toThrow(/bases\.pack is damaged at byte \d+/);
  });

  it('refuses a text that is not UTF-8 when it is read', () => {
    const pack = readPack(Buffer.concat([bytes(`bisslog-bases 1\n${'c'.repeat(64)} 2\n`), Buffer.from([0xc3, 0x28]), bytes('\n')]));
    expect(() => pack.get(`sha256:${'c'.repeat(64)}`)).toThrow(/damaged .*not UTF-8/);
  });
});

const SPEC = ORDERS_SPEC;

const options = (spec: ServiceSpec, extra: Partial<ChangeOptions> = {}): ChangeOptions => ({
  spec,
  catalog,
  templates,
  version: VERSION,
  merges: () => true,
  force: false,
  strangerInTheWay: 'merge',
  ...extra,
});

/** A project as 0.2.0 laid it out: a file per base under .bisslog/bases/, no pack. */
function legacyProject(extraBases: Map<string, string> = new Map()) {
  const files = asTexts(withManifest(renderSpec(SPEC), SPEC, VERSION));
  const texts = new Map([...files].filter(([path]) => path !== MANIFEST_PATH && path !== BASES_PACK).map(([, text]) => [hashContent(text), text]));
  for (const [hash, text] of extraBases) texts.set(hash, text);
  const read = (path: string) => files.get(path);
  const bases: StoredBases = {
    legacy: new Set(texts.keys()),
    readLegacy: (hash) => (hashContent(texts.get(hash) ?? '') === hash ? texts.get(hash) : undefined),
  };
  return { manifest: parseManifest(files.get(MANIFEST_PATH)!, MANIFEST_PATH), read, bases, files };
}

describe('writing the pack', () => {
  it('leaves a pack holding exactly the bases still referenced, and rewrites one that holds others', () => {
    const files = asTexts(withManifest(renderSpec(SPEC), SPEC, VERSION));
    const project = {
      manifest: parseManifest(files.get(MANIFEST_PATH)!, MANIFEST_PATH),
      read: (path: string) => files.get(path),
      bases: { pack: readPack(bytes(files.get(BASES_PACK)!)), legacy: new Set<string>(), readLegacy: () => undefined },
    };
    const same = planChange(project, options(SPEC));
    expect([...same.create.keys(), ...same.update.keys()]).toEqual([]);
    const extra = byHash([...files.values(), 'no longer referenced\n']);
    const stale = planChange({ ...project, bases: { ...project.bases, pack: readPack(packBases(extra)) } }, options(SPEC));
    expect(stale.update.get(BASES_PACK)).toEqual(bytes(files.get(BASES_PACK)!));
  });
});

describe('bases stored by 0.2.0', () => {
  it('are moved into the pack by the next command that writes bases; only verified base files are removed', () => {
    const stale = 'what an older rendering was\n';
    const foreign = `sha256:${'f'.repeat(64)}`;
    const project = legacyProject(new Map([[hashContent(stale), stale], [foreign, 'not what its name says\n']]));
    const plan = planChange(project, options(withoutUseCase(SPEC, 'get_item')));
    const pack = readPack(plan.create.get(BASES_PACK) as Buffer);
    const manifest = parseManifest(plan.update.get(MANIFEST_PATH) as string, MANIFEST_PATH);
    for (const hash of Object.values(manifest.files)) expect(pack.has(hash), hash).toBe(true);
    // Unreferenced: dropped with the others; the foreign file stays.
    expect(pack.has(hashContent(stale))).toBe(false);
    expect(plan.remove).toContain(legacyBasePath(hashContent(stale)));
    expect(plan.remove).not.toContain(legacyBasePath(foreign));
    for (const hash of project.bases.legacy) if (hash !== foreign) expect(plan.remove, hash).toContain(legacyBasePath(hash));
  });

  it('still serve as the base of a three-way merge, as the pack does', () => {
    // The README as an older release generated it, edited by the team; this release renders it anew.
    const older = renderSpec(SPEC).get('README.md')!.replace(/\n\n/, '\n\nAn older paragraph.\n\n');
    const ours = `${older}\n## Team notes\n`;
    const withOlder = (bases: StoredBases) => {
      const project = legacyProject();
      const manifest = { ...project.manifest, version: '0.0.1', files: { ...project.manifest.files, 'README.md': hashContent(older) } };
      const read = (path: string) => (path === 'README.md' ? ours : project.read(path));
      return { manifest, read, bases };
    };
    const legacy: StoredBases = { legacy: new Set([hashContent(older)]), readLegacy: (hash) => (hash === hashContent(older) ? older : undefined) };
    const packed: StoredBases = { legacy: new Set(), readLegacy: () => undefined, pack: readPack(packBases(byHash([older]))) };
    for (const bases of [legacy, packed]) {
      const plan = planChange(withOlder(bases), options(SPEC));
      const readme = plan.changes.find((c) => c.path === 'README.md')!;
      expect(readme.action).toBe('merge');
      expect(readme.after).toContain('## Team notes');
      expect(readme.after).not.toContain('An older paragraph.');
    }
    // Without it, what was generated is unknown: the whole difference is a conflict.
    const unknown = planChange(withOlder({ legacy: new Set(), readLegacy: () => undefined }), options(SPEC)).changes.find((c) => c.path === 'README.md')!;
    expect(unknown.action).toBe('conflict');
  });
});
