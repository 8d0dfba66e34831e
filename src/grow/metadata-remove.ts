import { isMap, isScalar } from 'yaml';
import { usageError } from '../core/errors.js';
import { metadataValue, parseMetadata } from './metadata-edit.js';

type Ranged = { range?: [number, number, number] } | null | undefined;

const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * metadata.yml without one use case, edited as text: the entry's lines go (with the comments
 * indented inside it), everything else stays byte for byte, and the result is re-parsed to
 * prove it means the old document minus that entry. A file that does not declare the use case
 * is returned as it is. One that declares it in a way this cannot take apart provably (not
 * YAML, flow style, an anchor in the entry used elsewhere) is a usage error: removing the use
 * case's code while metadata.yml still declares it would leave the service broken.
 */
export function withoutUseCaseEntry(text: string, key: string): string {
  const byHand = `remove its entry from metadata.yml by hand, then run remove use-case ${key} again; nothing was changed`;
  const doc = parseMetadata(text);
  const map = doc.get('use_cases', true);
  if (!isMap(map)) return text;
  const index = map.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === key);
  if (index < 0) return text;
  if (map.flow) throw usageError(`use_cases in metadata.yml is written in flow style ({ ... }), which cannot be edited line by line; ${byHand}`);
  const pair = map.items[index]!;
  const keyStart = (pair.key as Ranged)?.range?.[0];
  const valueEnd = (pair.value as Ranged)?.range?.[1] ?? (pair.key as Ranged)?.range?.[1];
  if (keyStart === undefined || valueEnd === undefined) throw usageError(`cannot find where ${key} starts and ends in metadata.yml; ${byHand}`);
  const start = text.lastIndexOf('\n', keyStart - 1) + 1;
  const keyIndent = indentOf(text.slice(start, keyStart + 1));
  let end = valueEnd > start && text[valueEnd - 1] === '\n' ? valueEnd : text.indexOf('\n', valueEnd - 1) + 1 || text.length;
  // Comments and blank lines indented inside the entry belong to it.
  for (let cursor = end; cursor < text.length; ) {
    const next = text.indexOf('\n', cursor);
    const lineEnd = next < 0 ? text.length : next + 1;
    const line = text.slice(cursor, lineEnd).replace(/\n$/, '');
    if (line.trim() !== '' && !(line.trimStart().startsWith('#') && indentOf(line) > keyIndent)) break;
    if (line.trim() !== '') end = lineEnd;
    cursor = lineEnd;
  }
  // Between blank lines, one of them goes too, so entries stay one blank line apart.
  const blankBefore = start > 0 && text[start - 1] === '\n' && (start === 1 || text[start - 2] === '\n');
  if (blankBefore && text[end] === '\n') end += 1;
  const result = text.slice(0, start) + text.slice(end);
  const value = metadataValue(doc) as { use_cases: Record<string, unknown> };
  const { [key]: removed, ...rest } = value.use_cases;
  let after: unknown;
  try {
    after = metadataValue(parseMetadata(result));
  } catch {
    after = undefined;
  }
  if (removed === undefined || JSON.stringify(after) !== JSON.stringify({ ...value, use_cases: rest })) {
    throw usageError(`the entry of ${key} in metadata.yml cannot be cut out on its own (the rest of the file refers to it, by an anchor or a merge key); ${byHand}`);
  }
  return result;
}

/**
 * The use cases of metadata.yml that still name one of `ports` as an external interaction's
 * keyname, as `<use case> (<port>)`: use cases the tool does not know of (declared by hand), since
 * a port goes only when none of its own names it. A file that is not YAML names nothing here.
 */
export function useCasesNamingPorts(text: string, ports: ReadonlySet<string>): string[] {
  let value: unknown;
  try {
    value = metadataValue(parseMetadata(text));
  } catch {
    return [];
  }
  const useCases = (value as { use_cases?: unknown }).use_cases;
  if (useCases === null || typeof useCases !== 'object') return [];
  const naming: string[] = [];
  for (const [name, useCase] of Object.entries(useCases)) {
    const interactions = (useCase as { external_interactions?: unknown } | null)?.external_interactions;
    if (!Array.isArray(interactions)) continue;
    for (const interaction of interactions) {
      const keyname = (interaction as { keyname?: unknown } | null)?.keyname;
      if (typeof keyname === 'string' && ports.has(keyname)) naming.push(`${name} (${keyname})`);
    }
  }
  return naming;
}
