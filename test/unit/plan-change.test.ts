import { describe, expect, it } from 'vitest';
import { BASES_PACK, readPack } from '../../src/core/bases.js';
import { hashContent, withManifest, parseManifest, MANIFEST_PATH } from '../../src/core/manifest.js';
import type { ServiceSpec } from '../../src/core/spec.js';
import { type ChangeOptions, type ProjectFiles, planChange } from '../../src/grow/plan-change.js';
import { withLayer, withoutLayer, withoutUseCase } from '../../src/grow/spec-edits.js';
import { ORDERS_SPEC, VERSION, asTexts, catalog, renderSpec, templates } from './real-templates.js';

const SPEC = ORDERS_SPEC;

/** A project on disk as create writes it, with `edits` applied on top. */
function project(spec: ServiceSpec, edits: Record<string, string | undefined> = {}): { files: Map<string, string | undefined>; state: ProjectFiles } {
  const files = new Map<string, string | undefined>(asTexts(withManifest(renderSpec(spec), spec, VERSION)));
  for (const [path, text] of Object.entries(edits)) files.set(path, text);
  const state: ProjectFiles = {
    manifest: parseManifest(files.get(MANIFEST_PATH)!, MANIFEST_PATH),
    read: (path) => files.get(path),
    bases: { pack: readPack(Buffer.from(files.get(BASES_PACK)!)), legacy: new Set(), readLegacy: () => undefined },
  };
  return { files, state };
}

const options = (spec: ServiceSpec, extra: Partial<ChangeOptions> = {}): ChangeOptions => ({
  spec,
  catalog,
  templates,
  version: VERSION,
  merges: (path) => path === 'pyproject.toml' || path === 'metadata.yml',
  protects: (path) => path.startsWith('src/domain/'),
  force: false,
  strangerInTheWay: 'refuse',
  ...extra,
});

const actions = (plan: ReturnType<typeof planChange>) => Object.fromEntries(plan.changes.map((c) => [c.path, c.action]));

describe('planning a change of spec', () => {
  const layers = [
    ...catalog.entryPoints.map((e) => ['entry-point', e.id] as const),
    // Database adapters: adding an events adapter gives the use cases events to publish, a new
    // behaviour of the domain rather than a switch of infrastructure.
    ...catalog.adapters.filter((a) => !a.alwaysIncluded && a.provides.includes('database')).map((a) => ['adapter', a.id] as const),
  ];

  it.each(layers)('adding or removing the %s %s renders src/domain byte for byte the same', (kind, id) => {
    const base = kind === 'entry-point' && id === 'flask' ? { ...SPEC, entryPoints: ['fastapi'] } : SPEC;
    const added = withLayer(base, kind, id, catalog);
    const domain = (files: Map<string, string>) => [...files].filter(([path]) => path.startsWith('src/domain/'));
    expect(domain(renderSpec(added))).toEqual(domain(renderSpec(base)));
    expect(domain(renderSpec(withoutLayer(added, kind, id, catalog)))).toEqual(domain(renderSpec(base)));
  });

  it('adds an entry point: new files created, untouched wiring replaced, changed wiring kept, pyproject.toml merged', () => {
    const original = renderSpec(SPEC);
    const { state } = project(SPEC, {
      'README.md': '# Ours\n',
      'pyproject.toml': original.get('pyproject.toml')!.replace('requires-python', '# pinned by the team\nrequires-python'),
    });
    const plan = planChange(state, options(withLayer(SPEC, 'entry-point', 'fastapi', catalog)));
    const seen = actions(plan);
    expect(seen['src/infra/entry_points/fastapi/app.py']).toBe('create');
    expect(seen['tests/entry_points/test_http.py']).toBe('update');
    expect(seen['README.md']).toBe('keep');
    expect(seen['pyproject.toml']).toBe('merge');
    const pyproject = plan.update.get('pyproject.toml')!;
    expect(pyproject).toContain('# pinned by the team');
    expect(pyproject).toContain('"fastapi>=');
    expect(Object.keys(seen).some((path) => path.startsWith('src/domain/'))).toBe(false);
    // The manifest records what was generated; README.md keeps the base it descends from.
    const manifest = JSON.parse(plan.update.get(MANIFEST_PATH) as string) as { files: Record<string, string> };
    expect(manifest.files['pyproject.toml']).toBe(hashContent(renderSpec(withLayer(SPEC, 'entry-point', 'fastapi', catalog)).get('pyproject.toml')!));
    expect(manifest.files['README.md']).toBe(hashContent(original.get('README.md')!));
    const pack = readPack(plan.update.get(BASES_PACK) as Buffer);
    for (const hash of Object.values(manifest.files)) expect(pack.has(hash), hash).toBe(true);
  });

  it('removes only files exactly as generated; changed ones are kept, or moved to .orig with force', () => {
    const app = 'src/infra/entry_points/flask/app.py';
    const spec = { ...SPEC, entryPoints: ['flask', 'fastapi'] };
    const { state } = project(spec, { [app]: '# ours\n' });
    const without = withoutLayer(spec, 'entry-point', 'flask', catalog);
    const kept = planChange(state, options(without));
    expect(actions(kept)[app]).toBe('keep');
    expect(actions(kept)['tests/entry_points/client_flask.py']).toBe('delete');
    expect(kept.remove).toContain('tests/entry_points/client_flask.py');
    expect(kept.remove).not.toContain(app);
    const forced = planChange(state, options(without, { force: true }));
    expect(forced.backup).toEqual([app]);
  });

  it('removes a use case with its module, its test and its metadata.yml entry, keeping the comments around it', () => {
    const metadata = renderSpec(SPEC).get('metadata.yml')!.replace('use_cases:\n', 'use_cases:  # ours\n');
    const { state } = project(SPEC, { 'metadata.yml': metadata });
    const plan = planChange(state, options(withoutUseCase(SPEC, 'get_item'), { protects: undefined }));
    expect(plan.remove).toEqual(expect.arrayContaining(['src/domain/use_cases/get_item.py', 'tests/use_cases/test_get_item.py']));
    const after = plan.update.get('metadata.yml')!;
    expect(after).toContain('use_cases:  # ours');
    expect(after).not.toContain('get_item');
  });

  it('an edit inside the removed entry goes with it when metadata.yml is prepared as remove use-case does', async () => {
    const { withoutUseCaseEntry } = await import('../../src/grow/metadata-remove.js');
    const metadata = renderSpec(SPEC).get('metadata.yml')!.replace('name: "get item"', 'name: "get item"  # ours, inside');
    const { state } = project(SPEC, { 'metadata.yml': metadata });
    const prepare = (path: string, text: string) => (path === 'metadata.yml' ? withoutUseCaseEntry(text, 'get_item') : text);
    const merged = planChange(state, options(withoutUseCase(SPEC, 'get_item'), { protects: undefined }));
    expect(actions(merged)['metadata.yml']).toBe('conflict');
    const plan = planChange(state, options(withoutUseCase(SPEC, 'get_item'), { protects: undefined, prepare }));
    expect(actions(plan)['metadata.yml']).toBe('merge');
    expect(plan.update.get('metadata.yml')).toBe(renderSpec(withoutUseCase(SPEC, 'get_item')).get('metadata.yml'));
  });

  it('refuses a file of the user in the way of a new one, and the last entry point or use case', () => {
    const { state } = project(SPEC, { 'src/infra/entry_points/fastapi/app.py': 'mine\n' });
    expect(() => planChange(state, options(withLayer(SPEC, 'entry-point', 'fastapi', catalog)))).toThrow(/already exists/);
    expect(() => withoutLayer(SPEC, 'entry-point', 'flask', catalog)).toThrow(/only entry point; add another first \(add entry-point fastapi\)/);
    expect(() => withoutLayer(SPEC, 'adapter', 'memory', catalog)).toThrow(/always included/);
    expect(() => withoutUseCase({ ...SPEC, useCases: ['get_item'] }, 'get_item')).toThrow(/only use case/);
    expect(() => withLayer(SPEC, 'adapter', 'nosuch', catalog)).toThrow(/unknown adapter "nosuch"; choose from memory, /);
  });

  it('re-rendering the same spec is a no-op, even over edits', () => {
    const { state } = project(SPEC, { 'README.md': '# Ours\n' });
    const plan = planChange(state, options(SPEC, { merges: () => true, strangerInTheWay: 'merge' }));
    expect([plan.changes, plan.create.size, plan.update.size, plan.remove]).toEqual([[], 0, 0, []]);
  });
});

describe('files that may hold conflict markers', () => {
  const MARKED = 'src/infra/settings.py';
  const marked = (text: string) => `${text}<<<<<<< yours\nours\n=======\ntheirs\n>>>>>>> generated by 0.1.0\n`;
  /** A project of release 0.1.9 as this release would have written it, its reads counted. */
  function older(conflicts: string[] | undefined, edits: Record<string, string> = {}) {
    const { files, state } = project(SPEC, edits);
    const manifest = { ...state.manifest, version: '0.1.9', conflicts };
    const reads = new Set<string>();
    const read = (path: string) => {
      reads.add(path);
      return files.get(path);
    };
    return { state: { ...state, manifest, read }, reads };
  }
  const upgrade = options(SPEC, { merges: () => true, protects: undefined, strangerInTheWay: 'merge' });

  it('a new project records none, and says so in its manifest', () => {
    expect(project(SPEC).state.manifest.conflicts).toEqual([]);
  });

  it('an upgrade from a release that records them reads only the files it lists', () => {
    const { state, reads } = older([]);
    const plan = planChange(state, upgrade);
    expect(plan.conflicts).toEqual([]);
    expect([...reads].filter((path) => path !== MANIFEST_PATH)).toEqual([]);
  });

  it('an upgrade from a release that recorded none reads every file, and records those still marked', () => {
    const original = renderSpec(SPEC).get(MARKED)!;
    const { state, reads } = older(undefined, { [MARKED]: marked(original) });
    // The templates did not change that file, so the upgrade leaves the user's markers as they are.
    const plan = planChange(state, upgrade);
    expect(plan.changes.map((c) => c.path)).not.toContain(MARKED);
    expect(reads.size).toBeGreaterThan(Object.keys(state.manifest.files).length / 2);
    expect(plan.conflicts).toEqual([MARKED]);
    expect(JSON.parse(plan.update.get(MANIFEST_PATH) as string).conflicts).toEqual([MARKED]);
  });
});
