import { linesOf, matchLines } from './lcs.js';

/** A unified diff of two texts, line by line (LCS); small files only, as generated ones are. */
export function unifiedDiff(before: string, after: string, path: string, context = 3): string {
  const a = linesOf(before);
  const b = linesOf(after);
  type Op = { kind: ' ' | '-' | '+'; line: string; oldNo: number; newNo: number };
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  for (const [mi, mj] of [...matchLines(a, b), [a.length, b.length] as const]) {
    while (i < mi) ops.push({ kind: '-', line: a[i++]!, oldNo: i, newNo: j });
    while (j < mj) ops.push({ kind: '+', line: b[j++]!, oldNo: i, newNo: j });
    if (mi < a.length) ops.push({ kind: ' ', line: a[i++]!, oldNo: i, newNo: ++j });
  }
  const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return '';
  const hunks: string[] = [];
  let start = 0;
  while (start < changed.length) {
    let end = start;
    while (end + 1 < changed.length && changed[end + 1]! - changed[end]! <= context * 2 + 1) end++;
    const from = Math.max(0, changed[start]! - context);
    const to = Math.min(ops.length - 1, changed[end]! + context);
    const slice = ops.slice(from, to + 1);
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    const first = slice[0]!;
    // A hunk that opens with an insertion or deletion starts one line after the other side's position.
    const oldStart = first.kind === '+' ? first.oldNo + 1 : first.oldNo;
    const newStart = first.kind === '-' ? first.newNo + 1 : first.newNo;
    hunks.push(
      `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`,
      ...slice.map((op) => `${op.kind}${op.line}`),
    );
    start = end + 1;
  }
  return [`--- a/${path}`, `+++ b/${path}`, ...hunks].join('\n');
}
