import { type Document, type Pair, isMap, isScalar, parseDocument } from 'yaml';
import { usageError } from '../core/errors.js';

/**
 * Edits metadata.yml as text so that the user's comments, quoting, key order and blank lines
 * survive: the new use case is inserted after the last one, and the result is re-parsed to
 * prove it means exactly the old document plus the new entry.
 */

export function parseMetadata(text: string, source = 'metadata.yml'): Document {
  const doc = parseDocument(text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) throw usageError(`${source} is not valid YAML`, { cause: error });
  if (!isMap(doc.contents)) throw usageError(`${source} must be a mapping with name and use_cases`);
  return doc;
}

/** Aliases a document may expand: far beyond a real metadata.yml, far below a "billion laughs". */
export const MAX_ALIAS_COUNT = 100;

/** Values already taken from a document: a command asks for the same one more than once. */
const values = new WeakMap<Document, unknown>();

/**
 * The document's value; an alias bomb is refused in one line instead of eating the memory.
 * Read-only: the value is shared by every caller that passes the same document.
 */
export function metadataValue(doc: Document, source = 'metadata.yml'): unknown {
  if (values.has(doc)) return values.get(doc);
  try {
    const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    values.set(doc, value);
    return value;
  } catch (error) {
    if (error instanceof ReferenceError && /excessive alias count/i.test(error.message)) {
      throw usageError(`${source} expands YAML aliases more than ${MAX_ALIAS_COUNT} times; refusing it`);
    }
    throw usageError(`${source} is not valid YAML`, { cause: error });
  }
}

/** The line ending most of `text` uses; a file without one gets LF. */
export function lineEnding(text: string): '\n' | '\r\n' {
  const crlf = text.split('\r\n').length - 1;
  return crlf > 0 && crlf >= text.split('\n').length - 1 - crlf ? '\r\n' : '\n';
}

/** The keys under use_cases, in file order. */
export function useCaseKeys(doc: Document): string[] {
  const useCases = doc.get('use_cases');
  if (useCases === undefined || useCases === null) return [];
  if (!isMap(useCases)) throw usageError('use_cases in metadata.yml must be a mapping');
  return useCases.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key));
}

/** The `key:` entry of a use_cases block, as rendered at two spaces of indentation. */
export function extractUseCaseBlock(rendered: string, key: string): string {
  const lines = rendered.split('\n');
  const start = lines.indexOf(`  ${key}:`);
  if (start < 0) throw new Error(`rendered metadata has no use case ${key}`);
  let end = start + 1;
  while (end < lines.length && (lines[end] === '' || /^ {3,}/.test(lines[end]!))) end++;
  while (end > start && lines[end - 1] === '') end--;
  return `${lines.slice(start, end).map((l) => l.slice(2)).join('\n')}\n`;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** `doc` is `text` already parsed by the caller, so that a command parses metadata.yml once. */
export function insertUseCase(text: string, key: string, block: string, doc: Document = parseMetadata(text)): string {
  if (useCaseKeys(doc).includes(key)) throw usageError(`use case "${key}" is already in metadata.yml`);
  const root = doc.contents as unknown as { items: Pair[] };
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'use_cases');
  // The inserted lines take the file's line ending; its other bytes are kept as they are.
  const eol = lineEnding(text);
  const body = text.endsWith('\n') || text === '' ? text : text.endsWith('\r') ? `${text}\n` : `${text}${eol}`;
  const withEnding = (lines: string) => (eol === '\n' ? lines : lines.replace(/\n/g, eol));
  let result: string;
  // Set when the edit can be proven on the last entry and the new one alone (see below).
  let window: { text: string; lastKey: string } | undefined;

  if (!pair || pair.value === null || (isScalar(pair.value) && pair.value.value === null)) {
    const indented = block.replace(/^(?=.)/gm, '  ');
    if (!pair) {
      result = `${body}use_cases:${eol}${withEnding(indented)}`;
    } else {
      const keyEnd = body.indexOf('\n', (pair.key as { range: [number, number, number] }).range[0]) + 1;
      result = body.slice(0, keyEnd) + withEnding(indented) + body.slice(keyEnd);
    }
  } else {
    const map = pair.value;
    if (!isMap(map)) throw usageError('use_cases in metadata.yml must be a mapping');
    if (map.flow) throw usageError('use_cases in metadata.yml is written in flow style ({...}); add the use case by hand');
    const firstKey = (map.items[0]!.key as { range: [number] }).range[0];
    const keyIndent = firstKey - (body.lastIndexOf('\n', firstKey - 1) + 1);
    const last = map.items[map.items.length - 1]!;
    const lastEnd = (last.value as { range: [number, number, number] } | null)?.range[1] ?? (last.key as { range: [number, number] }).range[1];
    // Carry on past comments indented inside the last entry: they belong to it.
    let offset = body.lastIndexOf('\n', lastEnd - 1) + 1;
    if (offset < lastEnd) offset = body.indexOf('\n', lastEnd - 1) + 1 || body.length;
    for (let cursor = offset; cursor < body.length; ) {
      const next = body.indexOf('\n', cursor);
      const line = body.slice(cursor, next < 0 ? body.length : next);
      const lineEnd = next < 0 ? body.length : next + 1;
      if (line.trim() === '') {
        cursor = lineEnd;
        continue;
      }
      if (line.trimStart().startsWith('#') && indentOf(line) > keyIndent) {
        offset = lineEnd;
        cursor = lineEnd;
        continue;
      }
      break;
    }
    const separated = map.items.length > 1 && /(^|\n)[ \t]*\r?\n/.test(body.slice(
      (map.items[0]!.value as { range: [number, number] } | null)?.range[1] ?? 0,
      (map.items[1]!.key as { range: [number] }).range[0],
    ));
    const indented = block.replace(/^(?=.)/gm, ' '.repeat(keyIndent));
    const inserted = withEnding((separated ? '\n' : '') + indented);
    result = body.slice(0, offset) + inserted + body.slice(offset);
    const lastStart = (last.key as { range: [number] }).range[0];
    const lastLine = body.lastIndexOf('\n', lastStart - 1) + 1;
    if (isScalar(last.key) && body.slice(lastLine, lastStart) === ' '.repeat(keyIndent) && outerAfter(body, offset, keyIndent)) {
      window = { text: body.slice(lastLine, offset) + inserted, lastKey: String(last.key.value) };
    }
  }

  // Prove the edit: the new document is the old one plus exactly the new entry.
  const before = metadataValue(doc) as Record<string, unknown>;
  const added = parseDocument(`${key}:\n${block.split('\n').slice(1).join('\n')}`).toJS() as Record<string, unknown>;
  const useCases = (before.use_cases as Record<string, unknown> | null) ?? {};
  if (window && provenOn(window.text, { [window.lastKey]: useCases[window.lastKey], ...added })) return result;
  const after = metadataValue(parseMetadata(result)) as Record<string, unknown>;
  const expected = { ...before, use_cases: { ...useCases, ...added } };
  if (JSON.stringify(after) !== JSON.stringify(expected)) {
    throw usageError('could not add the use case to metadata.yml without changing its meaning; add it by hand');
  }
  return result;
}

/** Whether the first content line at or after `offset` is less indented than `indent` (or there is none). */
function outerAfter(body: string, offset: number, indent: number): boolean {
  for (let cursor = offset; cursor < body.length; ) {
    const next = body.indexOf('\n', cursor);
    const line = body.slice(cursor, next < 0 ? body.length : next).replace(/\r$/, '');
    cursor = next < 0 ? body.length : next + 1;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    return indentOf(line) < indent && !line.startsWith('\t');
  }
  return true;
}

/**
 * The proof of an insertion after the last use case, without parsing the whole (possibly long)
 * file again: the text from the last entry's key to the end of the inserted one must mean
 * exactly those two entries. The lines before it are unchanged, and those after it are less
 * indented, so they belong to an outer level the inserted lines cannot reach. An alias to an
 * anchor outside the window fails the parse here: then the whole file is proven instead.
 */
function provenOn(window: string, expected: Record<string, unknown>): boolean {
  const doc = parseDocument(window, { uniqueKeys: true });
  if (doc.errors.length > 0 || doc.warnings.length > 0 || !isMap(doc.contents)) return false;
  try {
    return JSON.stringify(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })) === JSON.stringify(expected);
  } catch {
    return false;
  }
}
