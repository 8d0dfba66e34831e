import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ServiceSpec } from '../../src/core/spec.js';
import { changeAmongComments, meansAsGenerated } from '../../src/grow/metadata-comments.js';
import { extractUseCaseBlock, insertUseCase } from '../../src/grow/metadata-edit.js';
import { EVERY_TRIGGER_USE_CASES, ORDERS_SPEC, renderSpec } from './real-templates.js';

const metadataOf = (spec: ServiceSpec) => renderSpec(spec).get('metadata.yml')!;

/** Specs whose metadata.yml holds every kind of line the template writes. */
const SPECS: ServiceSpec[] = [
  ORDERS_SPEC,
  {
    ...ORDERS_SPEC,
    name: 'Ops: "billing" # 2 [x] {y} \\ é',
    description: 'Line with # hash, colon: and "quotes"',
    team: "it's 'ours'",
    entryPoints: ['flask', 'lambda'],
    adapters: ['dynamodb', 'sqs'],
    useCases: EVERY_TRIGGER_USE_CASES,
  },
];

describe('metadata.yml as generated, with comment and blank lines anywhere between its lines', () => {
  it.each(SPECS.map((spec) => [spec.name, spec] as const))('means the same (%s): every generated line is complete on its own', (_, spec) => {
    const lines = metadataOf(spec).split('\n');
    const expected = parse(metadataOf(spec));
    for (let at = 0; at <= lines.length; at++) {
      for (const extra of ['# a note', '    # an indented note', '']) {
        const edited = [...lines.slice(0, at), extra, ...lines.slice(at)].join('\n');
        expect(parse(edited), `${JSON.stringify(extra)} before line ${at + 1}`).toEqual(expected);
      }
    }
  });
});

describe('adding a use case among the comments, without parsing', () => {
  const before = metadataOf(ORDERS_SPEC);
  const after = metadataOf({ ...ORDERS_SPEC, useCases: [...ORDERS_SPEC.useCases, 'list_items'] });
  const block = extractUseCaseBlock(after, 'list_items');
  const lines = before.split('\n');
  const commented = [
    '# Owned by the sales team.',
    ...lines.slice(0, 12),
    '    # why this one is critical',
    '',
    ...lines.slice(12),
  ].join('\n');

  it('gives what inserting into the parsed file gives, keeping every comment', () => {
    const result = changeAmongComments(commented, before, after);
    expect(result).toBeDefined();
    expect(result).toBe(insertUseCase(commented, 'list_items', block));
    expect(parse(result!)).toEqual(parse(after));
    expect(result).toContain('# Owned by the sales team.\n');
    expect(result).toContain('    # why this one is critical\n');
  });

  it('is the generated file when nothing was edited', () => {
    expect(changeAmongComments(before, before, after)).toBe(after);
  });

  it('leaves to the parser what it cannot show means the same', () => {
    const cases = {
      'a value edited': commented.replace('"create item"', '"create an item"'),
      'a comment at the end of a line': commented.replace('"create item"', '"create item"  # ours'),
      'a line removed': commented.replace(/\n {4}actor: "client"\n/, '\n'),
      'a key added': commented.replace('\nuse_cases:\n', '\nowner: "sales"\nuse_cases:\n'),
      'a tab before a comment': `\t# tabbed\n${commented}`,
      'CRLF line endings': commented.replace(/\n/g, '\r\n'),
      'no final newline': commented.trimEnd(),
      'a comment where the new entry goes': `${commented}# the end\n`,
    };
    for (const [what, ours] of Object.entries(cases)) expect(changeAmongComments(ours, before, after), what).toBeUndefined();
  });

  it('takes any one stretch of change in the generated file, and none', () => {
    const renamed = after.replace('"get item"', '"get an item"');
    const result = changeAmongComments(commented, before, renamed);
    expect(parse(result!)).toEqual(parse(renamed));
    expect(result).toContain('    # why this one is critical\n');
    expect(changeAmongComments(commented, before, before)).toBe(commented);
  });
});

describe('a metadata.yml edited only in comment and blank lines', () => {
  const three = metadataOf({ ...ORDERS_SPEC, useCases: [...ORDERS_SPEC.useCases, 'list_items'] });
  const two = metadataOf(ORDERS_SPEC);
  const commented = `# Owned by the sales team.\n\n${three.replace('\nuse_cases:\n', '\nuse_cases:\n  # reviewed in March\n')}`;

  it('means what was generated; one edited in anything else may not', () => {
    expect(meansAsGenerated(commented, three)).toBe(true);
    expect(meansAsGenerated(three, three)).toBe(true);
    expect(meansAsGenerated(commented.replace('"get item"', '"get an item"'), three)).toBe(false);
    expect(meansAsGenerated(commented, two)).toBe(false);
  });

  it('loses a use case among the comments: what the generated file loses, every comment kept', () => {
    const result = changeAmongComments(commented, three, two);
    expect(result).toBeDefined();
    expect(parse(result!)).toEqual(parse(two));
    expect(result).toContain('# Owned by the sales team.\n\n');
    expect(result).toContain('  # reviewed in March\n');
    expect(result).not.toContain('list_items');
  });

  it('leaves to the parser a use case that holds a comment of the user: it may not be only that entry', () => {
    const inside = commented.replace('\n  list_items:\n', '\n  list_items:\n    # ours, inside the entry\n');
    expect(changeAmongComments(inside, three, two)).toBeUndefined();
  });
});
