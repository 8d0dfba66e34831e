import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { CliError, ExitCode, usageError } from '../errors.js';
import type { FileMap } from '../render/render.js';

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

/** What makes an existing folder "not empty": its entries besides those a fresh repository holds. */
export function occupyingEntries(folder: string): string[] {
  return readdirSync(folder).filter((name) => !HARMLESS.has(name)).sort();
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
  const entries = occupyingEntries(root);
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
 * Fills the staging folder. Synchronous on purpose, like the whole of writeProject: a signal is
 * handled before it or after it, never while a file is half-written, and a few dozen small
 * files take milliseconds.
 */
function writeTree(root: string, files: FileMap): void {
  const folders = new Set([...files.keys()].map((p) => dirname(join(root, p))));
  for (const folder of [...folders].sort()) mkdirSync(folder, { recursive: true });
  for (const [path, content] of files) {
    const destination = join(root, path);
    if (!isInside(root, destination)) throw new Error(`refusing to write outside the target: ${path}`);
    writeFileSync(destination, content, { flag: 'wx' });
  }
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
  return new CliError(`could not write ${target}: ${reason}; nothing was left behind`, ExitCode.failure, { cause: error });
}

/**
 * Writes every file or nothing. Files are first written to a staging folder (next to a new
 * target, inside an existing one), then put in place: a rename of the whole folder, or for an
 * existing folder a rename per file, each recorded so that a failure undoes them all.
 * Synchronous from start to end, on purpose: a few dozen small files take milliseconds, and a
 * signal is handled before it (nothing written) or after it (all written), never during.
 */
export function writeProject(target: string, files: FileMap, report: TargetReport): void {
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
    rmSync(staging, { recursive: true, force: true });
    if (createdAbove) rmSync(createdAbove, { recursive: true, force: true });
  };
  try {
    writeTree(staging, files);
    if (!report.exists) renameSync(staging, root);
    else moveInto(root, staging, files, new Set(report.replaced), moved, createdDirs);
  } catch (error) {
    undo();
    throw error instanceof CliError ? error : ioError(error, target);
  }
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
