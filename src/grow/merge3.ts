import { linesOf, matchLines } from './lcs.js';

/**
 * A three-way merge of texts, line by line (diff3): the changes from `base` to `ours` and from
 * `base` to `theirs` are both applied; where they touch the same base lines and differ, the
 * result holds a conflict between markers. Pure, so `--dry-run` shows the merged text without
 * temporary files, and it gives the same result on machines without git.
 */
export interface MergeResult {
  text: string;
  conflicts: number;
}

export interface MergeLabels {
  ours: string;
  base: string;
  theirs: string;
}

/** One side's change: base lines [start, end) become `lines`. */
interface Hunk {
  start: number;
  end: number;
  lines: string[];
  side: 0 | 1;
}

function hunksOf(base: string[], side: string[], which: 0 | 1): Hunk[] {
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  for (const [mi, mj] of [...matchLines(base, side), [base.length, side.length] as [number, number]]) {
    if (mi > i || mj > j) hunks.push({ start: i, end: mi, lines: side.slice(j, mj), side: which });
    i = mi + 1;
    j = mj + 1;
  }
  return hunks;
}

/** Two changes clash when they overlap, or meet where one of them inserts (their order is unknown). */
const clash = (region: { end: number; lastInsert: boolean }, next: Hunk) =>
  next.start < region.end || (next.start === region.end && (next.start === next.end || region.lastInsert));

/** Base lines [start, end) with one side's hunks in that range applied. */
function sideVersion(base: string[], start: number, end: number, hunks: Hunk[]): string[] {
  const out: string[] = [];
  let at = start;
  for (const hunk of hunks) {
    out.push(...base.slice(at, hunk.start), ...hunk.lines);
    at = hunk.end;
  }
  out.push(...base.slice(at, end));
  return out;
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((line, i) => line === b[i]);

export function merge3(base: string, ours: string, theirs: string, labels: MergeLabels): MergeResult {
  if (ours === theirs || theirs === base) return { text: ours, conflicts: 0 };
  if (ours === base) return { text: theirs, conflicts: 0 };
  const baseLines = linesOf(base);
  const hunks = [...hunksOf(baseLines, linesOf(ours), 0), ...hunksOf(baseLines, linesOf(theirs), 1)].sort(
    (a, b) => a.start - b.start || a.end - b.end || a.side - b.side,
  );
  const out: string[] = [];
  let conflicts = 0;
  let at = 0;
  for (let k = 0; k < hunks.length; ) {
    const region = { start: hunks[k]!.start, end: hunks[k]!.end, lastInsert: hunks[k]!.start === hunks[k]!.end, hunks: [hunks[k]!] };
    for (k++; k < hunks.length && clash(region, hunks[k]!); k++) {
      const next = hunks[k]!;
      region.hunks.push(next);
      if (next.end >= region.end) [region.end, region.lastInsert] = [next.end, next.start === next.end];
    }
    out.push(...baseLines.slice(at, region.start));
    at = region.end;
    const mine = region.hunks.filter((h) => h.side === 0);
    const yours = region.hunks.filter((h) => h.side === 1);
    const oursLines = sideVersion(baseLines, region.start, region.end, mine);
    const theirsLines = sideVersion(baseLines, region.start, region.end, yours);
    if (yours.length === 0 || same(oursLines, theirsLines)) out.push(...oursLines);
    else if (mine.length === 0) out.push(...theirsLines);
    else {
      conflicts++;
      out.push(
        `<<<<<<< ${labels.ours}`,
        ...oursLines,
        `||||||| ${labels.base}`,
        ...baseLines.slice(region.start, region.end),
        '=======',
        ...theirsLines,
        `>>>>>>> ${labels.theirs}`,
      );
    }
  }
  out.push(...baseLines.slice(at));
  return { text: out.length === 0 ? '' : `${out.join('\n')}\n`, conflicts };
}

export const UNKNOWN_BASE = 'no record of what was generated';

/** Without a base nobody knows which side changed a line: every place where they differ is a conflict. */
export function merge2(ours: string, theirs: string, labels: Omit<MergeLabels, 'base'>): MergeResult {
  if (ours === theirs) return { text: ours, conflicts: 0 };
  const a = linesOf(ours);
  const b = linesOf(theirs);
  const out: string[] = [];
  let conflicts = 0;
  let i = 0;
  let j = 0;
  for (const [mi, mj] of [...matchLines(a, b), [a.length, b.length] as [number, number]]) {
    if (mi > i || mj > j) {
      conflicts++;
      out.push(`<<<<<<< ${labels.ours}`, ...a.slice(i, mi), `||||||| ${UNKNOWN_BASE}`, '=======', ...b.slice(j, mj), `>>>>>>> ${labels.theirs}`);
    }
    if (mi < a.length) out.push(a[mi]!);
    i = mi + 1;
    j = mj + 1;
  }
  return { text: `${out.join('\n')}\n`, conflicts };
}

/** Whether a text has a line opening a conflict (as this tool and git write them). */
export function holdsConflictMarkers(text: string): boolean {
  return text.startsWith('<<<<<<< ') || text.includes('\n<<<<<<< ');
}
