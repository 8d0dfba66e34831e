import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError, ExitCode } from '../core/errors.js';
import type { FileWrites } from '../core/files.js';
import { applyChanges, checkInside } from './apply.js';
import { backupSuffix } from './write.js';

export interface FileMoves {
  create: FileWrites;
  update: FileWrites;
  /** Files to delete. */
  remove: string[];
  /** Files to move aside to `<path>.orig` (or `.orig.2`…, when an earlier backup is there). */
  backup: string[];
}

/** Python's byte-code caches do not keep a folder we emptied alive. */
const CACHE = '__pycache__';

/** Removes the folders of removed files that are now empty (but for caches), up to the root. */
function pruneFolders(root: string, paths: string[]): void {
  const folders = [...new Set(paths.map((path) => dirname(join(root, path))))].sort((a, b) => b.length - a.length);
  for (const start of folders) {
    for (let dir = start; dir !== root && existsSync(dir); dir = dirname(dir)) {
      const entries = readdirSync(dir);
      if (entries.some((name) => name !== CACHE)) break;
      rmSync(join(dir, CACHE), { recursive: true, force: true });
      rmdirSync(dir);
    }
  }
}

/**
 * applyChanges plus removals, as one step: removed and backed-up files are first moved aside
 * (removed ones into a trash folder inside the project), then the rest is written; a failure
 * moves them all back. Synchronous, like applyChanges, so no signal lands in between. Returns
 * where each backed-up file went, from the project root.
 */
export function applyMoves(root: string, moves: FileMoves): Map<string, string> {
  const checked = new Set<string>();
  for (const path of [...moves.remove, ...moves.backup]) checkInside(root, path, checked);
  const backups = new Map(moves.backup.map((path) => [path, path + backupSuffix(join(root, path))]));
  const trash = join(root, `.bisslog-trash-${process.pid}`);
  const moved: Array<{ from: string; to: string }> = [];
  try {
    if (moves.remove.length > 0) mkdirSync(trash);
    moves.remove.forEach((path, index) => {
      const to = join(trash, String(index));
      renameSync(join(root, path), to);
      moved.push({ from: join(root, path), to });
    });
    for (const [path, backup] of backups) {
      renameSync(join(root, path), join(root, backup));
      moved.push({ from: join(root, path), to: join(root, backup) });
    }
    applyChanges(root, moves.create, moves.update);
  } catch (error) {
    for (const step of moved.reverse()) renameSync(step.to, step.from);
    rmSync(trash, { recursive: true, force: true });
    if (error instanceof CliError) throw error;
    throw new CliError('could not change the project; nothing was changed', ExitCode.failure, { cause: error });
  }
  rmSync(trash, { recursive: true, force: true });
  pruneFolders(root, [...moves.remove, ...moves.backup]);
  return backups;
}
