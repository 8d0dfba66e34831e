/** A unified diff of two texts, line by line (LCS); small files only, as metadata.yml is. */
export function unifiedDiff(before: string, after: string, path: string, context = 3): string {
  // A final newline is not a line of its own.
  const lines = (text: string) => (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  const a = lines(before);
  const b = lines(after);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  type Op = { kind: ' ' | '-' | '+'; line: string; oldNo: number; newNo: number };
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ kind: ' ', line: a[i++]!, oldNo: i, newNo: ++j });
    else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) ops.push({ kind: '+', line: b[j++]!, oldNo: i, newNo: j });
    else ops.push({ kind: '-', line: a[i++]!, oldNo: i, newNo: j });
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
