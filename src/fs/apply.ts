import { chmodSync, chownSync, lstatSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { CliError, ExitCode, usageError } from '../core/errors.js';
import type { FileWrites } from '../core/files.js';
import { makeFolders, occupied, removeFolders } from './folders.js';
import { temporaryFile } from './leftovers.js';
import { fsReason } from './reason.js';

/**
 * Refuses a path whose folders inside `root` include a symbolic link or a file. `checked` holds
 * the folders found fine by earlier calls of one step, so each is looked at once.
 */
export function checkInside(root: string, path: string, checked: Set<string> = new Set()): void {
  const parts = path.split('/');
  if (parts.some((part) => part === '..' || part === '')) throw usageError(`refusing to write outside the project: ${path}`);
  for (let depth = 1; depth < parts.length; depth++) {
    const folder = join(root, ...parts.slice(0, depth));
    if (checked.has(folder)) continue;
    if (!occupied(folder)) return;
    const stat = lstatSync(folder);
    if (stat.isSymbolicLink()) throw usageError(`${parts.slice(0, depth).join('/')} is a symbolic link; refusing to write through it`);
    if (!stat.isDirectory()) throw usageError(`${parts.slice(0, depth).join('/')} is a file, but a folder is needed there`);
    checked.add(folder);
  }
}

/** An existing file to update: where its bytes live and what must survive the update. */
interface Original {
  /** The file itself, or for a symbolic link the file it points to (inside the project). */
  real: string;
  bytes: Buffer;
  mode: number;
  uid: number;
  gid: number;
  /** Hard-linked files are rewritten in place: a rename would split them from their links. */
  inPlace: boolean;
}

function original(root: string, path: string): Original {
  const absolute = join(root, path);
  let real = absolute;
  if (lstatSync(absolute).isSymbolicLink()) {
    real = realpathSync(absolute);
    const base = realpathSync(root);
    if (relative(base, real).startsWith(`..${sep}`) || relative(base, real) === '..') {
      throw usageError(`${path} is a symbolic link to ${real}, outside the project; refusing to write through it`);
    }
  }
  const stat = statSync(real);
  if (!stat.isFile()) throw usageError(`${path} is not a regular file; nothing was changed`);
  return { real, bytes: readFileSync(real), mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid, inPlace: stat.nlink > 1 };
}

/** Gives a freshly written file the mode and, where allowed, the owner of the one it replaces. */
function keepAttributes(file: string, from: Original): void {
  chmodSync(file, from.mode);
  const stat = statSync(file);
  if (stat.uid === from.uid && stat.gid === from.gid) return;
  try {
    chownSync(file, from.uid, from.gid);
  } catch {
    // Only root may give a file away; the mode is kept all the same.
  }
}

/**
 * Creates new files and replaces existing ones as one step: each file is written next to its
 * place and renamed in, keeping the replaced file's mode, owner, symbolic link and hard links;
 * on any failure every change is undone and only folders made here are removed. Synchronous,
 * like writeProject, so that a signal never lands between two of the steps.
 */
export function applyChanges(root: string, create: FileWrites, update: FileWrites): void {
  const checked = new Set<string>();
  for (const path of [...create.keys(), ...update.keys()]) checkInside(root, path, checked);
  for (const path of create.keys()) {
    if (occupied(join(root, path))) throw usageError(`${path} already exists; nothing was changed`);
  }
  const originals = new Map<string, Original>();
  for (const path of update.keys()) originals.set(path, original(root, path));

  const created: string[] = [];
  const createdDirs: string[] = [];
  const replaced: string[] = [];
  const undo = () => {
    for (const path of replaced) {
      const from = originals.get(path)!;
      writeFileSync(from.real, from.bytes);
    }
    for (const path of created) rmSync(join(root, path), { force: true });
    removeFolders(createdDirs);
  };
  try {
    for (const [path, content] of [...create, ...update]) {
      const from = originals.get(path);
      if (from?.inPlace) {
        replaced.push(path);
        writeFileSync(from.real, content);
        continue;
      }
      const destination = from?.real ?? join(root, path);
      createdDirs.push(...makeFolders(dirname(destination)));
      const temporary = temporaryFile(destination);
      writeFileSync(temporary, content, { flag: 'wx' });
      try {
        if (from) keepAttributes(temporary, from);
        renameSync(temporary, destination);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw error;
      }
      (from ? replaced : created).push(path);
    }
  } catch (error) {
    undo();
    if (error instanceof CliError) throw error;
    throw new CliError(`could not write the project: ${fsReason(error)}; nothing was changed`, ExitCode.failure, { cause: error });
  }
}
