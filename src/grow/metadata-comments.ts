import { linesOf } from './lcs.js';

/** A line that means nothing to YAML here: blank, or a comment (the generated file has no block scalars). */
const TRIVIAL = /^ *(#.*)?$/;

/**
 * `add use-case` on a metadata.yml whose only edits are comment and blank lines: the new entry
 * goes where the generated file takes it, and no YAML is parsed (a 300-use-case file takes the
 * parser most of a second). `base` is the file as generated for the recorded spec and `after`
 * as generated with the new use case; `ours` is the file on disk. Every line of a generated
 * metadata.yml is complete on its own (no block or multi-line scalars; a unit test holds the
 * templates to it), so comment and blank lines anywhere between them change no meaning: when
 * `ours` holds the lines of `base` that mean something, in order, and nothing else but such
 * lines, it means what `base` means, and `ours` with the new lines where `after` has them means
 * what `after` means. Undefined when that cannot be shown this way (a value edited, a comment at
 * the end of a line, CRLF line endings, a comment of the user's where the entry goes): then the
 * caller parses the file.
 */
export function insertAmongComments(ours: string, base: string, after: string): string | undefined {
  if (!ours.endsWith('\n') || [ours, base, after].some((text) => text.includes('\r'))) return undefined;
  const o = linesOf(ours);
  const b = linesOf(base);
  const a = linesOf(after);
  // `after` is `base` with one run of lines inserted before base line `head`.
  let head = 0;
  while (head < b.length && b[head] === a[head]) head++;
  let tail = 0;
  while (tail < b.length - head && b[b.length - 1 - tail] === a[a.length - 1 - tail]) tail++;
  if (head + tail !== b.length || a.length <= b.length) return undefined;
  const inserted = a.slice(head, a.length - tail);

  // Where each meaningful line of `base` is in `ours`; anything else in `ours` must be trivial.
  const at = new Map<number, number>();
  let j = 0;
  for (let i = 0; i < b.length; i++) {
    if (TRIVIAL.test(b[i]!)) continue;
    while (j < o.length && o[j] !== b[i]) {
      if (!TRIVIAL.test(o[j]!)) return undefined;
      j++;
    }
    if (j === o.length) return undefined;
    at.set(i, j++);
  }
  for (; j < o.length; j++) if (!TRIVIAL.test(o[j]!)) return undefined;

  // Between the meaningful lines around the insertion, `ours` must be as generated: then the
  // new lines go exactly where they go in `after`.
  let previous = head - 1;
  while (previous >= 0 && !at.has(previous)) previous--;
  let next = head;
  while (next < b.length && !at.has(next)) next++;
  const from = previous < 0 ? 0 : at.get(previous)! + 1;
  const to = next === b.length ? o.length : at.get(next)!;
  const generated = b.slice(previous + 1, next);
  if (to - from !== generated.length || generated.some((line, k) => o[from + k] !== line)) return undefined;
  const position = from + (head - (previous + 1));
  return `${[...o.slice(0, position), ...inserted, ...o.slice(position)].join('\n')}\n`;
}
