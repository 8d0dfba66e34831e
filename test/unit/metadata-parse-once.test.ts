import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import * as yaml from 'yaml';
import { insertUseCase, parseMetadata } from '../../src/grow/metadata-edit.js';

// The real parser, watched: a long metadata.yml must be parsed once per edit, not once per check.
vi.mock('yaml', async (actual) => {
  const real = await actual<typeof import('yaml')>();
  return { ...real, parseDocument: vi.fn(real.parseDocument) };
});

const BLOCK = 'list_orders:\n  name: "list orders"\n  actor: "client"\n';
const entries = (count: number) =>
  Array.from({ length: count }, (_, i) => `  get_item${i}:\n    name: "get item ${i}"\n    actor: client\n    triggers:\n      - type: http\n        options: {method: get, path: /items${i}}\n`).join('');

/** How many times the edit parses a text at least as long as the file. */
function fullParses(text: string): number {
  const doc = parseMetadata(text);
  const parseDocument = vi.mocked(yaml.parseDocument);
  parseDocument.mockClear();
  const result = insertUseCase(text, 'list_orders', BLOCK, doc);
  expect(parse(result)).toEqual({ ...parse(text), use_cases: { ...parse(text).use_cases, list_orders: { name: 'list orders', actor: 'client' } } });
  return parseDocument.mock.calls.filter(([source]) => String(source).length >= text.length).length;
}

describe('insertUseCase on a long metadata.yml', () => {
  it('proves the insertion on the last entry and the new one, without parsing the file again', () => {
    expect(fullParses(`name: shop\nuse_cases:\n${entries(300)}tags:\n  owner: sales\n`)).toBe(0);
  });

  it('proves it on the whole file when the last entry refers to an anchor outside it', () => {
    const text = `name: shop\nactor: &who client\nuse_cases:\n${entries(20)}  get_last:\n    actor: *who\n`;
    expect(fullParses(text)).toBe(1);
  });
});
