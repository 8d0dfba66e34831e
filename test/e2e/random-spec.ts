import type { ServiceSpec, UseCaseSpec } from '../../src/core/spec.js';

/** mulberry32: a small seeded generator, so a failing case is replayed from its seed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERBS = ['create', 'get', 'list', 'update', 'delete', 'approve', 'ship', 'send', 'register', 'search', 'archive', 'notify', 'sync', 'import'];
const WORDS = ['order', 'customer', 'billing', 'address', 'record', 'item', 'invoice', 'supercalifragilistic', 'x', 'v2', 'line', 'category', 'box', 'status', 'expialidocious'];
const TEXT_PIECES = ['Orders', 'Gestión', "Bob's", '"quoted"', '\\', '<%= x %>', '${y}', ' / ', '#', ': ', '- ', '{a}', '日本語', '😀', '%', "'''", '"""', 'x'.repeat(30), ' ', '\\n', '&', '*'];

export interface Generated {
  seed: number;
  spec: ServiceSpec;
}

/** A random spec within the documented limits; the caller keeps those the tool accepts. */
export function randomSpec(seed: number): Generated {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const text = (max: number) => {
    let value = '';
    const target = random() < 0.4 ? max : Math.floor(random() * max);
    while (value.length < target) value += pick(TEXT_PIECES);
    const chars = [...value];
    // Cut by code points, never inside a surrogate pair.
    while (chars.join('').length > target) chars.pop();
    return chars.join('');
  };
  const identifier = (prefix: string) => {
    let name = prefix;
    const target = random() < 0.5 ? 40 : 6 + Math.floor(random() * 34);
    while (name.length < target) name += `_${pick(WORDS)}`;
    return name.slice(0, target).replace(/_+$/, '');
  };
  const useCases: UseCaseSpec[] = [];
  const count = 1 + Math.floor(random() * 6);
  for (let i = 0; i < count; i++) {
    const name = identifier(pick(VERBS));
    useCases.push(random() < 0.2 ? { name, port: identifier(pick(WORDS)) } : name);
  }
  const entryPoints = ['flask', 'fastapi', 'lambda'].filter(() => random() < 0.6);
  return {
    seed,
    spec: {
      name: `S${text(199)}`.trimEnd() || 'S',
      description: text(200).trim(),
      team: text(60).trim(),
      entryPoints: entryPoints.length > 0 ? entryPoints : ['flask'],
      adapters: random() < 0.5 ? ['mongo'] : [],
      useCases,
    },
  };
}
