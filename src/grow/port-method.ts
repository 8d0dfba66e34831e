import { singularize } from '../core/names.js';
import type { Kind } from '../core/use-cases.js';
import { usageError } from '../core/errors.js';
import type { PyMethod } from './python-source.js';
import type { TeamPort } from './team-ports.js';

/**
 * Which method of a team's port a new use case calls: the one given, or the one whose name fits
 * the verb best. The reason is printed in the preview, so a wrong guess is seen before writing.
 */
export interface MethodChoice {
  method: PyMethod;
  reason: string;
}

/** Leading words of method names that do what each kind does, strongest first. */
const WORDS: Record<Kind, string[]> = {
  create: ['create', 'insert', 'add', 'save', 'put', 'store', 'register', 'new', 'write'],
  get: ['get', 'fetch', 'find', 'read', 'load', 'retrieve', 'show', 'lookup'],
  list: ['list', 'search', 'query', 'browse', 'scan', 'all', 'get', 'fetch', 'find', 'read', 'load', 'retrieve'],
  update: ['update', 'edit', 'modify', 'change', 'patch', 'set', 'alter', 'replace', 'save', 'put'],
  delete: ['delete', 'remove', 'drop', 'destroy', 'erase', 'purge'],
  action: ['update', 'set', 'change', 'save', 'put'],
  command: ['save', 'add', 'insert', 'create', 'put', 'record', 'publish', 'send'],
};

const MANY = /(^|_)(all|many|list|multiple|batch)(_|$)|s$/;
const ONE = /(^|_)(one|single|by_id)(_|$)/;
const LIST_TYPE = /^(List|list|Sequence|Iterable|Iterator|Tuple|tuple|set|Set)\b/;

/**
 * How well a method fits: its leading word against the kind's words (or the use case's own
 * verb), a word of the use case's subject in its name, and for reads whether it returns many
 * or one. Zero when neither the verb nor the subject matches.
 */
function score(method: PyMethod, kind: Kind, verb: string, subject: string[]): number {
  const words = method.name.split('_');
  let byName = 0;
  if (words[0] === verb) byName += 20;
  const rank = WORDS[kind].indexOf(words[0]!);
  if (rank >= 0) byName += 10 - Math.min(rank, 9) * 0.5;
  else if (words.some((w) => WORDS[kind].includes(w))) byName += 3;
  // A method led by another kind's word (save_x for a get) does something else, whatever its subject.
  else if (Object.values(WORDS).some((list) => list.includes(words[0]!))) return 0;
  const named = new Set(words.map(singularize));
  const bySubject = subject.some((w) => w.length >= 3 && named.has(singularize(w))) ? 3 : 0;
  if (byName + bySubject === 0) return 0;
  const returnsMany = LIST_TYPE.test(method.returns ?? '') || MANY.test(words.slice(1).join('_'));
  const returnsOne = ONE.test(method.name) || /Optional|None/.test(method.returns ?? '');
  let shape = 0;
  if (kind === 'list') shape = (returnsMany ? 4 : -4) + (ONE.test(method.name) ? -4 : 0);
  if (kind === 'get') shape = returnsOne ? 2 : returnsMany ? -4 : 0;
  return Math.max(byName + bySubject + shape, 0.5);
}

export function choosePortMethod(port: TeamPort, kind: Kind, key: string, wanted?: string): MethodChoice {
  const [verb, ...subject] = key.split('_');
  const names = port.methods.map((m) => m.name).join(', ') || 'none';
  if (wanted !== undefined) {
    const method = port.methods.find((m) => m.name === wanted);
    if (!method) throw usageError(`port ${port.key} (${port.file}) has no method ${wanted}; its methods: ${names}`);
    return { method, reason: 'chosen with --port-method' };
  }
  let best: { method: PyMethod; points: number } | undefined;
  for (const method of port.methods) {
    const points = score(method, kind, verb!, subject);
    if (points > 0 && (!best || points > best.points)) best = { method, points };
  }
  if (!best) throw usageError(`no method of port ${port.key} fits a ${kind} use case; add one to ${port.className} in ${port.file}, or pass --port-method, one of: ${names}`);
  return { method: best.method, reason: `its name fits a ${kind} use case` };
}
