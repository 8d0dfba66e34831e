import { oneLine } from '../../src/core/errors.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { unifiedDiff } from '../../src/grow/diff.js';
import { extractUseCaseBlock, insertUseCase, metadataValue, parseMetadata } from '../../src/grow/metadata-edit.js';

const HAND_EDITED = `# Our service. Edited by hand!
name: 'orders'   # single quotes on purpose
description: "Takes orders"

use_cases:
    # The first use case
    create_order:
        name: "create order"
        actor: client
        triggers:
          - {type: http, options: {method: post, path: /orders, mapper: {body: data}}}

    get_order:
        name: "get order"   # inline comment
        actor: client
        # a note that belongs to get_order

# Tags below use_cases
tags:
  owner: sales
`;

const BLOCK = `list_orders:
  name: "list orders"
  actor: "client"
  triggers:
    - type: "http"
      options:
        method: "get"
        path: "/orders"
`;

const removedOrChanged = (diff: string) => diff.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'));

describe('insertUseCase', () => {
  it('adds the entry after the last use case as a pure addition, keeping comments and style', () => {
    const result = insertUseCase(HAND_EDITED, 'list_orders', BLOCK);
    const diff = unifiedDiff(HAND_EDITED, result, 'metadata.yml');
    expect(removedOrChanged(diff)).toEqual([]);
    expect(diff).toContain('+    list_orders:');
    expect(result).toContain("name: 'orders'   # single quotes on purpose");
    expect(result.indexOf('# a note that belongs to get_order')).toBeLessThan(result.indexOf('list_orders:'));
    expect(result.indexOf('list_orders:')).toBeLessThan(result.indexOf('# Tags below use_cases'));
    const data = parse(result);
    expect(Object.keys(data.use_cases)).toEqual(['create_order', 'get_order', 'list_orders']);
    expect(data.use_cases.list_orders.triggers[0].options.path).toBe('/orders');
    expect(data.tags).toEqual({ owner: 'sales' });
  });

  it('keeps the blank-line rhythm between use cases', () => {
    const result = insertUseCase(HAND_EDITED, 'list_orders', BLOCK);
    expect(result).toContain('        # a note that belongs to get_order\n\n    list_orders:\n');
  });

  it('creates use_cases when it is missing or empty', () => {
    expect(parse(insertUseCase('name: x\n', 'list_orders', BLOCK)).use_cases.list_orders.name).toBe('list orders');
    expect(parse(insertUseCase('name: x\nuse_cases:\nteam: y\n', 'list_orders', BLOCK))).toMatchObject({
      team: 'y',
      use_cases: { list_orders: { name: 'list orders' } },
    });
  });

  const oneLineError = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return oneLine(error);
    }
    return 'no error';
  };

  it('refuses a duplicate key, malformed YAML, tabs and flow style, with one-line errors', () => {
    expect(() => insertUseCase(HAND_EDITED, 'get_order', BLOCK)).toThrow('use case "get_order" is already in metadata.yml');
    expect(() => insertUseCase('name: [unclosed\n', 'x', BLOCK)).toThrow('metadata.yml is not valid YAML');
    // The YAML error is the cause, printed on the same line with its line and column.
    expect(oneLineError(() => insertUseCase('name: [unclosed\n', 'x', BLOCK))).toMatch(/^metadata\.yml is not valid YAML: .* at line \d+, column \d+$/);
    expect(() => insertUseCase('name: x\nuse_cases:\n\tget_x: {}\n', 'x', BLOCK)).toThrow(/not valid YAML/);
    expect(() => insertUseCase('name: x\nuse_cases: {a: {name: a}}\n', 'x', BLOCK)).toThrow(/flow style/);
    expect(() => insertUseCase('- a\n- b\n', 'x', BLOCK)).toThrow(/must be a mapping/);
  });

  it('works with anchors and aliases in the file', () => {
    const text = `name: x\ndefaults: &who\n  actor: client\nuse_cases:\n  get_x:\n    <<: *who\n    name: get x\n`;
    const result = insertUseCase(text, 'list_orders', BLOCK);
    expect(removedOrChanged(unifiedDiff(text, result, 'metadata.yml'))).toEqual([]);
    expect(parse(result, { merge: true }).use_cases.get_x.actor).toBe('client');
  });
});

describe('metadataValue', () => {
  const failure = (text: string) => {
    try {
      metadataValue(parseMetadata(text));
    } catch (error) {
      return oneLine(error);
    }
    return 'no error';
  };

  it('tells an alias bomb from an alias used before its anchor', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcde'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcde'[i]}`).join(', ')}]`)].join('\n');
    expect(failure(`${bomb}\n`)).toBe('metadata.yml expands YAML aliases more than 100 times; refusing it');
    expect(failure('use_cases:\n  a: *note\n  b: &note x\n')).toBe('metadata.yml is not valid YAML: Unresolved alias (the anchor must be set before the alias): note');
  });
});

describe('extractUseCaseBlock', () => {
  it('takes one entry out of rendered metadata, dedented', () => {
    const rendered = `use_cases:\n  a_b:\n    name: "a b"\n    triggers:\n      - type: "http"\n  c_d:\n    name: "c d"\n`;
    expect(extractUseCaseBlock(rendered, 'a_b')).toBe('a_b:\n  name: "a b"\n  triggers:\n    - type: "http"\n');
    expect(extractUseCaseBlock(rendered, 'c_d')).toBe('c_d:\n  name: "c d"\n');
  });
});

describe('unifiedDiff', () => {
  it('shows an insertion with context', () => {
    expect(unifiedDiff('a\nb\nc\n', 'a\nb\nx\nc\n', 'f')).toBe('--- a/f\n+++ b/f\n@@ -1,3 +1,4 @@\n a\n b\n+x\n c');
  });
});
