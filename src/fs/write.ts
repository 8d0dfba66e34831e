import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { CliError, ExitCode, usageError } from '../core/errors.js';
import type { FileContent, FileWrites } from '../core/files.js';
import { lstatOrUndefined, makeFolders, occupied, removeFolders, statOrUndefined } from './folders.js';
import { stagingBeside, stagingInside } from './leftovers.js';
import { assertOwned } from './owner.js';
import { readBounded } from './read.js';
import { errorCode, fsReason } from './reason.js';

/** Files a fresh repository or editor may already hold; they do not make a folder "not empty". */
const HARMLESS = new Set([
  '.git', '.gitignore', '.gitattributes', '.github', '.idea', '.vscode', '.DS_Store', 'Thumbs.db',
  'LICENSE', 'LICENSE.md', 'LICENSE.txt', 'README.md', 'README', 'README.rst', 'README.txt',
]);

const BACKUP_SUFFIX = '.orig';
/** Bytes in one file name on the usual file systems. */
const MAX_NAME_BYTES = 255;

export interface TargetReport {
  exists: boolean;
  /** Existing files the generated project would replace; each is kept under `backups[path]`. */
  replaced: string[];
  backups: Record<string, string>;
  /** Existing files that already hold exactly what would be written: left as they are. */
  unchanged: string[];
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** `.orig`, or `.orig.2`, `.orig.3`…: the suffix of a backup that replaces no earlier one. */
export function backupSuffix(absolute: string): string {
  for (let n = 1; ; n++) {
    const suffix = `${BACKUP_SUFFIX}${n === 1 ? '' : `.${n}`}`;
    if (!occupied(absolute + suffix)) return suffix;
  }
}

function sameBytes(path: string, content: FileContent): boolean {
  try {
    return readBounded(path, path, Buffer.byteLength(content)).equals(Buffer.from(content));
  } catch {
    return false;
  }
}

/** The folders above a new target must be real folders (or missing), and its name must fit. */
function checkWayTo(root: string, target: string): void {
  const name = basename(root);
  if (Buffer.byteLength(stagingBeside(root).slice(dirname(root).length + 1)) > MAX_NAME_BYTES) {
    throw usageError(`folder name ${basename(target)} is too long: ${Buffer.byteLength(name)} bytes, and file systems take ${MAX_NAME_BYTES} per name`);
  }
  for (let dir = dirname(root); dirname(dir) !== dir; dir = dirname(dir)) {
    const stat = lstatOrUndefined(dir);
    if (!stat) continue;
    if (stat.isSymbolicLink() && !statOrUndefined(dir)) throw usageError(`${dir} is a broken symbolic link, so ${target} cannot be created`);
    if (!statSync(dir).isDirectory()) throw usageError(`${dir} is a file, so ${target} cannot be created there`);
    return;
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
export function inspectTarget(target: string, files: FileWrites, { force, hint = '' }: { force: boolean; hint?: string }): TargetReport {
  const root = resolve(target);
  const report: TargetReport = { exists: false, replaced: [], backups: {}, unchanged: [] };
  let rootStat;
  try {
    rootStat = lstatSync(root);
  } catch (error) {
    if (errorCode(error) === 'ENAMETOOLONG') throw usageError(`folder ${target} is too long a path for the file system`);
    if (errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ENOTDIR') throw usageError(`cannot use ${target}: ${fsReason(error)}`, { cause: error });
  }
  if (!rootStat) {
    checkWayTo(root, target);
    return report;
  }
  if (rootStat.isSymbolicLink() && !statOrUndefined(root)) throw usageError(`${target} is a broken symbolic link`);
  if (!statSync(root).isDirectory()) throw usageError(`${target} exists and is not a folder`);
  assertOwned(root, 'folder', root);
  assertOwned(join(root, '.venv'), 'environment', root);
  report.exists = true;
  const entries = occupyingEntries(root);
  if (entries.length > 0 && !force) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, … (${entries.length} in all)` : '');
    throw usageError(`${target} is not empty (${shown}); pass --force to write into it, or choose another folder${hint}`);
  }
  for (const [path, content] of files) {
    const parts = path.split('/');
    // Every existing folder on the way must be a real folder inside the target: never follow a link out.
    for (let depth = 1; depth < parts.length; depth++) {
      const stat = lstatOrUndefined(join(root, ...parts.slice(0, depth)));
      if (!stat) break;
      if (stat.isSymbolicLink()) throw usageError(`${parts.slice(0, depth).join('/')} in ${target} is a symbolic link; refusing to write through it`);
      if (!stat.isDirectory()) throw usageError(`${parts.slice(0, depth).join('/')} in ${target} is a file, but the service needs a folder there`);
    }
    const absolute = join(root, ...parts);
    const stat = lstatOrUndefined(absolute);
    if (!stat) continue;
    if (stat.isDirectory()) throw usageError(`${path} in ${target} is a folder, but the service needs a file there`);
    if (stat.isFile() && sameBytes(absolute, content)) {
      report.unchanged.push(path);
      continue;
    }
    report.replaced.push(path);
    report.backups[path] = path + backupSuffix(absolute);
  }
  return report;
}

/**
 * Fills the staging folder, which this run just made and nobody else writes to: every path is
 * checked before anything is made, and folders are made parents first. Synchronous on purpose,
 * like the whole of writeProject: a signal is handled before it or after it, never while a file
 * is half-written, and a few dozen small files take milliseconds.
 */
function writeTree(root: string, files: FileWrites): void {
  const destinations = [...files.keys()].map((path) => {
    const destination = join(root, path);
    if (!isInside(root, destination)) throw new Error(`refusing to write outside the target: ${path}`);
    return destination;
  });
  for (const folder of [...new Set(destinations.map((d) => dirname(d)))].sort()) mkdirSync(folder, { recursive: true });
  let index = 0;
  for (const content of files.values()) writeFileSync(destinations[index++]!, content, { flag: 'wx' });
}

function ioError(error: unknown, target: string): CliError {
  return new CliError(`could not write ${target}: ${fsReason(error)}; nothing was left behind`, ExitCode.failure, { cause: error });
}

/**
 * Writes every file or nothing. Files are first written to a staging folder (next to a new
 * target, inside an existing one), then put in place: a rename of the whole folder, or for an
 * existing folder a rename per file, each recorded so that a failure undoes them all, removing
 * only folders this run created. Synchronous from start to end, on purpose: a few dozen small
 * files take milliseconds, and a signal is handled before it (nothing written) or after it
 * (all written), never during.
 */
export function writeProject(target: string, files: FileWrites, report: TargetReport): void {
  const root = resolve(target);
  const staging = report.exists ? join(root, stagingInside()) : stagingBeside(root);
  const unchanged = new Set(report.unchanged);
  const toWrite: FileWrites = new Map([...files].filter(([path]) => !unchanged.has(path)));
  const moved: Array<{ from: string; to: string }> = [];
  const createdDirs: string[] = [];
  let stagingMade = false;

  const undo = () => {
    for (const step of moved.reverse()) renameSync(step.to, step.from);
    if (stagingMade) rmSync(staging, { recursive: true, force: true });
    removeFolders(createdDirs);
  };
  try {
    createdDirs.push(...makeFolders(dirname(staging)));
    createdDirs.push(...makeFolders(staging));
    stagingMade = true;
    writeTree(staging, toWrite);
    if (!report.exists) {
      renameSync(staging, root);
      stagingMade = false;
    } else {
      moveInto(root, staging, toWrite, report.backups, moved, createdDirs);
    }
  } catch (error) {
    undo();
    throw error instanceof CliError ? error : ioError(error, target);
  }
}

/** Moves staged files into an existing folder, recording each step; replaced files are backed up. */
function moveInto(
  root: string,
  staging: string,
  files: FileWrites,
  backups: Readonly<Record<string, string>>,
  moved: Array<{ from: string; to: string }>,
  createdDirs: string[],
): void {
  for (const path of files.keys()) {
    const destination = join(root, path);
    createdDirs.push(...makeFolders(dirname(destination)));
    const backup = backups[path];
    if (backup !== undefined) {
      renameSync(destination, join(root, backup));
      moved.push({ from: destination, to: join(root, backup) });
    }
    renameSync(join(staging, path), destination);
    moved.push({ from: join(staging, path), to: destination });
  }
  rmSync(staging, { recursive: true, force: true });
}
