import { isMap, isScalar } from 'yaml';
import { parseMetadata } from './metadata-edit.js';

type Ranged = { range?: [number, number, number] } | null | undefined;

const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * metadata.yml without one use case, edited as text: the entry's lines go (with the comments
 * indented inside it), everything else stays byte for byte, and the result is re-parsed to
 * prove it means the old document minus that entry. Undefined when that cannot be proved
 * (flow style, a missing key, a file that is not YAML): the caller then merges instead.
 */
export function withoutUseCaseEntry(text: string, key: string): string | undefined {
  let doc;
  try {
    doc = parseMetadata(text);
  } catch {
    return undefined;
  }
  const map = doc.get('use_cases', true);
  if (!isMap(map) || map.flow) return undefined;
  const index = map.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === key);
  if (index < 0) return undefined;
  const pair = map.items[index]!;
  const keyStart = (pair.key as Ranged)?.range?.[0];
  const valueEnd = (pair.value as Ranged)?.range?.[1] ?? (pair.key as Ranged)?.range?.[1];
  if (keyStart === undefined || valueEnd === undefined) return undefined;
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
  try {
    const before = doc.toJS() as { use_cases: Record<string, unknown> };
    delete before.use_cases[key];
    if (JSON.stringify(parseMetadata(result).toJS()) !== JSON.stringify(before)) return undefined;
  } catch {
    return undefined;
  }
  return result;
}
