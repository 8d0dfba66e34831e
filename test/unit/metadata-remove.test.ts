import { describe, expect, it } from 'vitest';
import { withoutUseCaseEntry } from '../../src/grow/metadata-remove.js';

const HAND_EDITED = `# Our service
name: 'orders'   # single quotes on purpose
use_cases:   # the team owns these

    create_order:
        name: "create order"
        actor: client   # who calls it

    get_order:
        name: "get order"
        # a note that belongs to get_order

    list_orders:
        name: "list orders"

# Tags below use_cases
tags:
  owner: sales
`;

describe('removing a use case from metadata.yml as text', () => {
  it('takes the entry with the comments inside it and one blank line, and leaves every other byte', () => {
    expect(withoutUseCaseEntry(HAND_EDITED, 'get_order')).toBe(HAND_EDITED.replace('    get_order:\n        name: "get order"\n        # a note that belongs to get_order\n\n', ''));
    expect(withoutUseCaseEntry(HAND_EDITED, 'create_order')).toBe(HAND_EDITED.replace('    create_order:\n        name: "create order"\n        actor: client   # who calls it\n\n', ''));
    expect(withoutUseCaseEntry(HAND_EDITED, 'list_orders')).toBe(HAND_EDITED.replace('\n    list_orders:\n        name: "list orders"\n', ''));
  });

  it('returns a file that does not declare the use case as it is', () => {
    expect(withoutUseCaseEntry(HAND_EDITED, 'nope')).toBe(HAND_EDITED);
    expect(withoutUseCaseEntry('name: x\n', 'a')).toBe('name: x\n');
  });

  it('refuses, naming the way forward, an entry it cannot take out provably', () => {
    const byHand = /remove its entry from metadata.yml by hand, then run remove use-case a again; nothing was changed$/;
    expect(() => withoutUseCaseEntry('use_cases: {a: {name: x}, b: {name: y}}\n', 'a')).toThrow(/flow style/);
    expect(() => withoutUseCaseEntry('use_cases: {a: {name: x}, b: {name: y}}\n', 'a')).toThrow(byHand);
    expect(() => withoutUseCaseEntry('use_cases: [\n', 'a')).toThrow(/not valid YAML/);
    const anchored = 'use_cases:\n  a:\n    x-note: &note "shared"\n  b:\n    x-note: *note\n';
    expect(() => withoutUseCaseEntry(anchored, 'a')).toThrow(/refers to it, by an anchor or a merge key/);
    expect(() => withoutUseCaseEntry(anchored, 'a')).toThrow(byHand);
    // The entry that only uses the anchor goes; the one defining it stays.
    expect(withoutUseCaseEntry(anchored, 'b')).toBe('use_cases:\n  a:\n    x-note: &note "shared"\n');
  });
});
