import { describe, expect, it } from 'vitest';
import { BASES_PACK, readPack } from '../../src/core/bases.js';
import { MANIFEST_PATH, parseManifest, withManifest } from '../../src/core/manifest.js';
import { type ServiceSpec, buildModel } from '../../src/core/spec.js';
import { changeScope } from '../../src/grow/change-scope.js';
import { type ChangeOptions, planChange } from '../../src/grow/plan-change.js';
import { withLayer, withoutUseCase } from '../../src/grow/spec-edits.js';
import { render, renderScoped } from '../../src/render/render.js';
import { VERSION, asTexts, catalog, templates } from './real-templates.js';

const BASE: ServiceSpec = {
  name: 'orders',
  description: 'Takes orders',
  team: 'sales',
  entryPoints: ['flask', 'lambda'],
  adapters: ['sql'],
  useCases: ['create_order', 'list_orders', 'approve_order', 'send_invoice', { name: 'import_orders', trigger: 'consumer', queue: 'order-events' }],
};
const withUseCases = (spec: ServiceSpec, ...more: ServiceSpec['useCases']) => ({ ...spec, useCases: [...spec.useCases, ...more] });

/** Spec pairs a grow command goes between, on several sets of layers. */
const CHANGES: Array<[string, ServiceSpec, ServiceSpec]> = [
  ...[
    ['flask', 'lambda'],
    ['fastapi'],
  ].flatMap((entryPoints) =>
    [['sql'], ['mongo', 'sqs'], ['dynamodb']].flatMap((adapters): Array<[string, ServiceSpec, ServiceSpec]> => {
      const spec = { ...BASE, entryPoints, adapters };
      const layers = `${entryPoints.join('+')}, ${adapters.join('+')}`;
      return [
        [`${layers}: a use case on a port that has some`, spec, withUseCases(spec, 'update_order')],
        [`${layers}: a get that gives a create its Location`, spec, withUseCases(spec, 'get_order')],
        [`${layers}: a use case on a new port`, spec, withUseCases(spec, 'create_customer', 'delete_customer')],
        [`${layers}: a use case fewer`, spec, withoutUseCase(spec, 'approve_order')],
        [`${layers}: the last use case of a port fewer`, withUseCases(spec, 'get_customer'), spec],
      ];
    }),
  ),
  ['nothing', BASE, BASE],
  ['an entry point more', BASE, withLayer(BASE, 'entry-point', 'fastapi', catalog)],
  ['an events adapter more', BASE, withLayer(BASE, 'adapter', 'sqs', catalog)],
];

describe('the files a change can alter', () => {
  it.each(CHANGES)('%s: out of scope, every file renders the same before and after; in scope, as render gives it', (_, from, to) => {
    const before = buildModel(from, catalog);
    const after = buildModel(to, catalog);
    const scope = changeScope(before, after);
    const fullBefore = render(before, templates, VERSION);
    const fullAfter = render(after, templates, VERSION);
    const scopedBefore = renderScoped(before, templates, VERSION, scope);
    const scopedAfter = renderScoped(after, templates, VERSION, scope);
    for (const [path, text] of scopedBefore) expect(text, path).toBe(fullBefore.get(path));
    for (const [path, text] of scopedAfter) expect(text, path).toBe(fullAfter.get(path));
    for (const path of new Set([...fullBefore.keys(), ...fullAfter.keys()])) {
      if (!scopedBefore.has(path) && !scopedAfter.has(path)) expect(fullAfter.get(path), path).toBe(fullBefore.get(path));
    }
    // Equal models: no template to render, only the (empty) package markers.
    if (from === to) expect([...scopedAfter].filter(([path, text]) => !(path.endsWith('/__init__.py') && text === ''))).toEqual([]);
    // A use case more or fewer renders that use case's files, not the others'.
    if (before.useCases.length !== after.useCases.length) expect(scopedAfter.has('src/domain/use_cases/send_invoice.py')).toBe(false);
  });

  it('an upgrade with nothing to do plans the same scoped as when every file is rendered and read: nothing', () => {
    const model = buildModel(withUseCases(BASE, 'get_order'), catalog);
    const { spec } = model;
    const files = asTexts(withManifest(render(model, templates, VERSION), spec, VERSION));
    const edited = new Map(files);
    edited.set('README.md', '# Ours\n');
    edited.delete('src/domain/use_cases/get_order.py');
    const project = {
      manifest: parseManifest(files.get(MANIFEST_PATH)!, MANIFEST_PATH),
      read: (path: string) => edited.get(path),
      bases: { pack: readPack(Buffer.from(files.get(BASES_PACK)!)), legacy: new Set<string>(), readLegacy: () => undefined },
    };
    const options: ChangeOptions = { spec, catalog, templates, version: VERSION, merges: () => true, force: false, strangerInTheWay: 'merge' };
    const everything = planChange(project, options);
    const scoped = planChange(project, { ...options, scope: { files: changeScope(model, model), before: model } });
    for (const plan of [everything, scoped]) {
      expect(plan.changes.filter((c) => c.after !== undefined || c.action === 'delete')).toEqual([]);
      expect([...plan.create.keys(), ...plan.update.keys(), ...plan.remove]).toEqual([]);
    }
  });

  it('remove use-case plans the same scoped as when every file is rendered and read', () => {
    const spec = withUseCases(BASE, 'get_order', 'get_customer');
    const files = asTexts(withManifest(render(buildModel(spec, catalog), templates, VERSION), spec, VERSION));
    const edited = new Map(files);
    edited.set('README.md', '# Ours\n');
    edited.set('src/domain/use_cases/get_order.py', '# ours\n');
    const project = {
      manifest: parseManifest(files.get(MANIFEST_PATH)!, MANIFEST_PATH),
      read: (path: string) => edited.get(path),
      bases: { pack: readPack(Buffer.from(files.get(BASES_PACK)!)), legacy: new Set<string>(), readLegacy: () => undefined },
    };
    for (const key of ['get_order', 'get_customer', 'send_invoice']) {
      const to = withoutUseCase(spec, key);
      const options: ChangeOptions = { spec: to, catalog, templates, version: VERSION, merges: (path) => path === 'metadata.yml', force: false, strangerInTheWay: 'refuse' };
      const everything = planChange(project, options);
      const before = buildModel(spec, catalog);
      const scoped = planChange(project, { ...options, scope: { files: changeScope(before, buildModel(to, catalog)), before } });
      // Unchanged files the user edited are no longer listed: nothing happens to them either way.
      const listed = (plan: typeof everything) => plan.changes.filter((c) => c.action !== 'keep' || c.after !== undefined || !c.note?.startsWith('changed by you; not updated'));
      expect(listed(scoped), key).toEqual(listed(everything));
      expect(scoped.create, key).toEqual(everything.create);
      expect(scoped.update, key).toEqual(everything.update);
      expect(scoped.remove, key).toEqual(everything.remove);
    }
  });
});
