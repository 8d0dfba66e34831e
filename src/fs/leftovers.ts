import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { processAlive } from './alive.js';

/**
 * Staging folders and temporary files a run killed with SIGKILL leaves behind. Their names
 * carry the pid of the run that made them, so the next run can tell a dead run's leftovers
 * (removed) from a live run's (named, left alone).
 */
export const stagingInside = (pid = process.pid) => `.bisslog-staging-${pid}`;
export const stagingBeside = (root: string, pid = process.pid) => join(dirname(root), `.${basename(root)}.bisslog-staging-${pid}`);
export const temporaryFile = (destination: string, pid = process.pid) => `${destination}.bisslog-${pid}.tmp`;

export interface Leftover {
  path: string;
  pid: number;
  removed: boolean;
}

function scan(dir: string, pattern: RegExp, dryRun: boolean): Leftover[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found: Leftover[] = [];
  for (const name of names) {
    const match = pattern.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    const path = join(dir, name);
    const removable = pid !== process.pid && !processAlive(pid);
    if (removable && !dryRun) rmSync(path, { recursive: true, force: true });
    found.push({ path, pid, removed: removable && !dryRun });
  }
  return found;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Leftovers of a scaffold of `target`: beside it (a new folder) and inside it (an existing one). */
export function scaffoldLeftovers(target: string, dryRun: boolean): Leftover[] {
  const root = resolve(target);
  return [
    ...scan(dirname(root), new RegExp(`^\\.${escape(basename(root))}\\.bisslog-staging-(\\d+)$`), dryRun),
    ...scan(root, /^\.bisslog-staging-(\d+)$/, dryRun),
  ];
}

/** Temporary files of a grow command in the folders it writes to. */
export function temporaryLeftovers(folders: Iterable<string>, dryRun: boolean): Leftover[] {
  return [...new Set(folders)].flatMap((dir) => scan(dir, /\.bisslog-(\d+)\.tmp$/, dryRun));
}

/** One line per leftover, for the user. */
export function describeLeftover(leftover: Leftover, cwd: string): string {
  const shown = leftover.path.startsWith(`${cwd}/`) ? leftover.path.slice(cwd.length + 1) : leftover.path;
  return leftover.removed
    ? `removed ${shown}, left by an interrupted run (process ${leftover.pid} has ended)`
    : processAlive(leftover.pid)
      ? `${shown} belongs to process ${leftover.pid}, which is still running; left alone`
      : `${shown} was left by an interrupted run (process ${leftover.pid} has ended); it will be removed`;
}
