import { describe, expect, it, vi } from 'vitest';
import { NO_BASES } from '../../src/core/bases.js';
import { hashContent } from '../../src/core/manifest.js';
import * as diff from '../../src/grow/diff.js';
import { type ServiceSpec, buildModel } from '../../src/core/spec.js';
import { type ProjectSnapshot, planAddUseCase } from '../../src/grow/plan-add.js';
import { render } from '../../src/render/render.js';
import { VERSION, catalog, templates } from './real-templates.js';

// The real diff, watched: a plan must not build it unless it is shown.
vi.mock('../../src/grow/diff.js', async (actual) => {
  const real = await actual<typeof import('../../src/grow/diff.js')>();
  return { ...real, unifiedDiff: vi.fn(real.unifiedDiff) };
});

const SPEC: ServiceSpec = {
  name: 'shop',
  description: 'Sells things',
  team: 'sales',
  entryPoints: ['flask'],
  adapters: ['mongo'],
  useCases: ['create_order', 'get_order'],
};
const WORKFLOW = '.github/workflows/ci.yml';

/** A project as an older version of the tool wrote it, with `edits` made by hand. */
function projectFrom(version: string, edits: Record<string, string> = {}): ProjectSnapshot {
  const files = render(buildModel(SPEC, catalog), templates, version);
  const hashes = Object.fromEntries([...files].map(([path, content]) => [path, hashContent(content)]));
  const onDisk = new Map([...files, ...Object.entries(edits)]);
  return {
    manifest: { tool: 'create-bisslog-service', version, spec: SPEC, files: hashes },
    metadataText: files.get('metadata.yml')!,
    useCaseModules: ['create_order', 'get_order'],
    read: (path) => onDisk.get(path),
    bases: NO_BASES,
  };
}

describe('add use-case and the pinned drift check', () => {
  it('moves the CI pin to the version that changed the project', () => {
    const plan = planAddUseCase(projectFrom('0.0.1'), { name: 'list_orders' }, catalog, templates, VERSION);
    expect(plan.update.get(WORKFLOW)).toContain(`npx --yes "create-bisslog-service@${VERSION}" check`);
    expect(plan.update.get('.bisslog/manifest.json')).toContain(`"version": "${VERSION}"`);
  });

  it('keeps a workflow the user edited', () => {
    const edited = `${render(buildModel(SPEC, catalog), templates, '0.0.1').get(WORKFLOW)}# mine\n`;
    const plan = planAddUseCase(projectFrom('0.0.1', { [WORKFLOW]: edited }), { name: 'list_orders' }, catalog, templates, VERSION);
    expect(plan.update.has(WORKFLOW)).toBe(false);
    expect(plan.kept).toContain(WORKFLOW);
  });
});

describe('add use-case on a big project', () => {
  it('builds the metadata.yml diff only when it is asked for', () => {
    const unifiedDiff = vi.mocked(diff.unifiedDiff);
    unifiedDiff.mockClear();
    const plan = planAddUseCase(projectFrom('0.0.1'), { name: 'list_orders' }, catalog, templates, VERSION);
    expect(unifiedDiff).not.toHaveBeenCalled();
    const shown = plan.metadataDiff();
    expect(unifiedDiff).toHaveBeenCalledTimes(1);
    const added = shown.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++'));
    expect(added).toContain('+  list_orders:');
    expect(shown.split('\n').filter((line) => line.startsWith('-') && !line.startsWith('---'))).toEqual([]);
  });

  it('reads from disk only the files the new use case adds or changes', () => {
    const project = projectFrom(VERSION);
    const read = vi.fn(project.read);
    const plan = planAddUseCase({ ...project, read }, { name: 'list_orders' }, catalog, templates, VERSION);
    const asked = new Set(read.mock.calls.map(([path]) => path));
    const rendered = render(buildModel(SPEC, catalog), templates, VERSION);
    const touched = [...plan.create.keys(), ...plan.update.keys()];
    for (const path of rendered.keys()) {
      if (!touched.includes(path)) expect(asked.has(path), path).toBe(false);
    }
    for (const path of plan.create.keys()) expect(asked.has(path), path).toBe(true);
  });
});
