import { linesOf } from './lcs.js';

/**
 * metadata.yml edited only in comment and blank lines, worked with without parsing it (the YAML
 * parser takes most of a second on a 300-use-case file). Every line of a generated metadata.yml
 * is complete on its own (no block or multi-line scalars; a unit test holds the templates to
 * it), so comment and blank lines anywhere between them change no meaning.
 */

export const METADATA = 'metadata.yml';

/** A line that means nothing to YAML between complete lines: blank, or a comment. */
const TRIVIAL = /^ *(#.*)?$/;

/**
 * Where each meaningful line of `generated` is in `ours`, when `ours` holds those lines in
 * order and nothing else but trivial lines; undefined otherwise (a value edited, a comment at the
 * end of a line, a tab, CRLF line endings, no final newline).
 */
function alignment(ours: string[], generated: string[]): Map<number, number> | undefined {
  const at = new Map<number, number>();
  let j = 0;
  for (let i = 0; i < generated.length; i++) {
    if (TRIVIAL.test(generated[i]!)) continue;
    while (j < ours.length && ours[j] !== generated[i]) {
      if (!TRIVIAL.test(ours[j]!)) return undefined;
      j++;
    }
    if (j === ours.length) return undefined;
    at.set(i, j++);
  }
  for (; j < ours.length; j++) if (!TRIVIAL.test(ours[j]!)) return undefined;
  return at;
}

const plainText = (...texts: string[]) => texts.every((text) => !text.includes('\r')) && texts[0]!.endsWith('\n');

/** Whether `ours` is the `generated` metadata.yml with comment and blank lines added or removed: it means the same. */
export function meansAsGenerated(ours: string, generated: string): boolean {
  return plainText(ours, generated) && alignment(linesOf(ours), linesOf(generated)) !== undefined;
}

/**
 * The change from `base` (as generated before) to `after` (as generated now) made in `ours`,
 * when `ours` is `base` with comment and blank lines added or removed, and the lines around the
 * change are as generated: then the result is `after` with the user's comment and blank lines,
 * and means what `after` means. Undefined when that cannot be shown this way (see alignment, or a
 * comment of the user's where the change goes): then the caller parses the file.
 */
export function changeAmongComments(ours: string, base: string, after: string): string | undefined {
  if (!plainText(ours, base, after)) return undefined;
  const o = linesOf(ours);
  const b = linesOf(base);
  const a = linesOf(after);
  // `after` is `base` with base lines [head, b.length - tail) replaced by a run of its own.
  let head = 0;
  while (head < b.length && head < a.length && b[head] === a[head]) head++;
  let tail = 0;
  while (tail < b.length - head && tail < a.length - head && b[b.length - 1 - tail] === a[a.length - 1 - tail]) tail++;
  if (head === b.length && head === a.length) return ours;
  const at = alignment(o, b);
  if (at === undefined) return undefined;
  // From the meaningful line before the change to the one after it, `ours` must be as
  // generated: then that stretch is replaced by `after`'s.
  let previous = head - 1;
  while (previous >= 0 && !at.has(previous)) previous--;
  let next = b.length - tail;
  while (next < b.length && !at.has(next)) next++;
  const from = previous < 0 ? 0 : at.get(previous)! + 1;
  const to = next === b.length ? o.length : at.get(next)!;
  const generated = b.slice(previous + 1, next);
  if (to - from !== generated.length || generated.some((line, k) => o[from + k] !== line)) return undefined;
  const replacement = a.slice(previous + 1, a.length - (b.length - next));
  return `${[...o.slice(0, from), ...replacement, ...o.slice(to)].join('\n')}\n`;
}
