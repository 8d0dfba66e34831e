import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { type ServiceSpec, buildModel } from '../../src/core/spec.js';
import { type UseCaseDeclaration, declarationsOf } from '../../src/grow/declarations.js';
import { render } from '../../src/render/render.js';
import { EVERY_TRIGGER_USE_CASES as USE_CASES, VERSION, catalog, templates } from './real-templates.js';

const SPECS: Array<[string, ServiceSpec]> = [
  ['flask, sql', { name: 'shop', description: 'Sells', team: 'sales', entryPoints: ['flask'], adapters: ['sql'], useCases: USE_CASES }],
  ['lambda, dynamodb and sqs events', { name: 'shop', description: 'Sells', team: 'sales', entryPoints: ['lambda'], adapters: ['dynamodb', 'sqs'], useCases: USE_CASES }],
  ['fastapi, mongo', { name: 'shop', description: 'Sells', team: 'sales', entryPoints: ['fastapi'], adapters: ['mongo'], useCases: ['get_item'] }],
];

/** The fields of a parsed declaration that check reads. */
function checked(declaration: Record<string, any>): UseCaseDeclaration {
  return {
    triggers: declaration.triggers.map((t: any) => (t.type === 'http' ? { type: t.type, options: { method: t.options.method, path: t.options.path, mapper: t.options.mapper } } : { type: t.type })),
    external_interactions: declaration.external_interactions.map((e: any) => ({ keyname: e.keyname, type_interaction: e.type_interaction })),
  };
}

describe('what a generated metadata.yml declares', () => {
  it.each(SPECS)('%s: known from the model, as parsing the rendered file gives it', (_, spec) => {
    const model = buildModel(spec, catalog);
    const parsed = parse(render(model, templates, VERSION).get('metadata.yml')!) as { use_cases: Record<string, Record<string, unknown>> };
    const expected = Object.fromEntries(Object.entries(parsed.use_cases).map(([key, declaration]) => [key, checked(declaration)]));
    expect(declarationsOf(model)).toEqual(expected);
    // The cases cover every kind of trigger and interaction the template writes.
    const kinds = JSON.stringify(expected);
    if (spec.useCases === USE_CASES) for (const type of ['"consumer"', '"schedule"']) expect(kinds).toContain(type);
    if (spec.adapters.includes('sqs')) expect(kinds).toContain('"publisher"');
  });
});
