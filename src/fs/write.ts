import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { CliError, ExitCode, usageError } from '../errors.js';
import type { FileMap } from '../render/render.js';
import { guard, rollback } from './cleanup.js';

/** Files a fresh repository or editor may already hold; they do not make a folder "not empty". */
const HARMLESS = new Set([
  '.git', '.gitignore', '.gitattributes', '.github', '.idea', '.vscode', '.DS_Store', 'Thumbs.db',
  'LICENSE', 'LICENSE.md', 'LICENSE.txt', 'README.md', 'README', 'README.rst', 'README.txt',
]);

const BACKUP_SUFFIX = '.orig';

export interface TargetReport {
  exists: boolean;
  /** Existing files the generated project would replace (kept as `<path>.orig`). */
  replaced: string[];
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Checks that `files` can be written into `target` without loss or escape; throws a
 * usage error naming the problem. Reads only.
 */
export function inspectTarget(target: string, files: FileMap, { force, hint = '' }: { force: boolean; hint?: string }): TargetReport {
  const root = resolve(target);
  const rootStat = lstatOrUndefined(root);
  if (!rootStat) return { exists: false, replaced: [] };
  if (rootStat.isSymbolicLink() && !existsSync(root)) throw usageError(`${target} is a broken symbolic link`);
  if (!statSync(root).isDirectory()) throw usageError(`${target} exists and is not a folder`);
  const entries = readdirSync(root).filter((name) => !HARMLESS.has(name)).sort();
  if (entries.length > 0 && !force) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, … (${entries.length} in all)` : '');
    throw usageError(`${target} is not empty (${shown}); pass --force to write into it, or choose another folder${hint}`);
  }
  const replaced: string[] = [];
  for (const path of files.keys()) {
    const parts = path.split('/');
    // Every existing folder on the way must be a real folder inside the target: never follow a link out.
    for (let depth = 1; depth < parts.length; depth++) {
      const stat = lstatOrUndefined(join(root, ...parts.slice(0, depth)));
      if (!stat) break;
      if (stat.isSymbolicLink()) throw usageError(`${parts.slice(0, depth).join('/')} in ${target} is a symbolic link; refusing to write through it`);
      if (!stat.isDirectory()) throw usageError(`${parts.slice(0, depth).join('/')} in ${target} is a file, but the service needs a folder there`);
    }
    const stat = lstatOrUndefined(join(root, ...parts));
    if (!stat) continue;
    if (stat.isDirectory()) throw usageError(`${path} in ${target} is a folder, but the service needs a file there`);
    if (lstatOrUndefined(join(root, ...parts) + BACKUP_SUFFIX)) {
      throw usageError(`${path}${BACKUP_SUFFIX} already exists in ${target}; move it away first`);
    }
    replaced.push(path);
  }
  return { exists: true, replaced };
}

/**
 * Fills the staging folder: folders first, then every file at once (the writes overlap).
 * All writes settle before a failure is reported, so undo never races a pending write.
 */
async function writeTree(root: string, files: FileMap): Promise<void> {
  const folders = new Set([...files.keys()].map((p) => dirname(join(root, p))));
  for (const folder of [...folders].sort()) mkdirSync(folder, { recursive: true });
  const writes = await Promise.allSettled(
    [...files].map(async ([path, content]) => {
      const destination = join(root, path);
      if (!isInside(root, destination)) throw new Error(`refusing to write outside the target: ${path}`);
      await writeFile(destination, content, { flag: 'wx' });
    }),
  );
  const failure = writes.find((w): w is PromiseRejectedResult => w.status === 'rejected');
  if (failure) throw failure.reason;
}

/** The first missing folder on the way to `path`, so undo removes exactly what we created. */
function firstMissing(path: string): string | undefined {
  let missing: string | undefined;
  for (let dir = path; !existsSync(dir); dir = dirname(dir)) missing = dir;
  return missing;
}

function ioError(error: unknown, target: string): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'ENOSPC' ? 'no space left on the device'
    : code === 'EROFS' ? 'read-only file system'
    : (error as Error).message;
  return new CliError(`could not write ${target}: ${reason}; nothing was left behind`, ExitCode.failure);
}

/**
 * Writes every file or nothing. Files are first written to a staging folder (next to a new
 * target, inside an existing one); then one synchronous step puts them in place: a rename of
 * the whole folder, or for an existing folder a rename per file, each recorded for undo.
 * A signal is handled only between awaits, so it meets either the staging phase (undo
 * removes the staging folder) or a finished project, never a half-moved one.
 */
export async function writeProject(target: string, files: FileMap, report: TargetReport): Promise<void> {
  const root = resolve(target);
  const staging = report.exists
    ? join(root, `.bisslog-staging-${process.pid}`)
    : join(dirname(root), `.${basename(root)}.bisslog-staging-${process.pid}`);
  const createdAbove = report.exists ? undefined : firstMissing(dirname(root));
  const moved: Array<{ from: string; to: string }> = [];
  const createdDirs: string[] = [];

  const undo = () => {
    for (const step of moved.reverse()) renameSync(step.to, step.from);
    for (const dir of createdDirs.sort((a, b) => b.length - a.length)) rmdirSync(dir);
    // Writes still in flight may add a file while the folder is being removed: retry.
    rmSync(staging, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    if (createdAbove) rmSync(createdAbove, { recursive: true, force: true });
  };
  const release = guard(undo, `nothing was written to ${target}`);
  try {
    await writeTree(staging, files);
    if (!report.exists) renameSync(staging, root);
    else moveInto(root, staging, files, new Set(report.replaced), moved, createdDirs);
  } catch (error) {
    rollback(undo);
    throw error instanceof CliError ? error : ioError(error, target);
  }
  release();
}

/** Moves staged files into an existing folder, recording each step; replaced files become `.orig`. */
function moveInto(
  root: string,
  staging: string,
  files: FileMap,
  replaced: ReadonlySet<string>,
  moved: Array<{ from: string; to: string }>,
  createdDirs: string[],
): void {
  for (const path of files.keys()) {
    const destination = join(root, path);
    const missing = firstMissing(dirname(destination));
    if (missing) {
      mkdirSync(dirname(destination), { recursive: true });
      for (let dir = dirname(destination); dir !== dirname(missing); dir = dirname(dir)) createdDirs.push(dir);
    }
    if (replaced.has(path)) {
      renameSync(destination, destination + BACKUP_SUFFIX);
      moved.push({ from: destination, to: destination + BACKUP_SUFFIX });
    }
    renameSync(join(staging, path), destination);
    moved.push({ from: join(staging, path), to: destination });
  }
  rmSync(staging, { recursive: true, force: true });
}
