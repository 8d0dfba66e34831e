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

  it('answers undefined when it cannot prove the edit: flow style, no such key, not YAML', () => {
    expect(withoutUseCaseEntry('use_cases: {a: {name: x}, b: {name: y}}\n', 'a')).toBeUndefined();
    expect(withoutUseCaseEntry(HAND_EDITED, 'nope')).toBeUndefined();
    expect(withoutUseCaseEntry('use_cases: [\n', 'a')).toBeUndefined();
  });
});
