import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError, ExitCode, usageError } from '../errors.js';
import type { FileMap } from '../render/render.js';

/** Refuses a path whose folders inside `root` include a symbolic link or a file. */
export function checkInside(root: string, path: string): void {
  const parts = path.split('/');
  if (parts.some((part) => part === '..' || part === '')) throw usageError(`refusing to write outside the project: ${path}`);
  for (let depth = 1; depth < parts.length; depth++) {
    const folder = join(root, ...parts.slice(0, depth));
    if (!existsSync(folder) && !isLink(folder)) return;
    const stat = lstatSync(folder);
    if (stat.isSymbolicLink()) throw usageError(`${parts.slice(0, depth).join('/')} is a symbolic link; refusing to write through it`);
    if (!stat.isDirectory()) throw usageError(`${parts.slice(0, depth).join('/')} is a file, but a folder is needed there`);
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Creates new files and replaces existing ones as one step: each file is written next to its
 * place and renamed in; on any failure every change is undone. Synchronous, like writeProject,
 * so that a signal never lands between two of the steps.
 */
export function applyChanges(root: string, create: FileMap, update: FileMap): void {
  for (const path of [...create.keys(), ...update.keys()]) checkInside(root, path);
  for (const path of create.keys()) {
    if (existsSync(join(root, path)) || isLink(join(root, path))) throw usageError(`${path} already exists; nothing was changed`);
  }
  const originals = new Map<string, string>();
  for (const path of update.keys()) originals.set(path, readFileSync(join(root, path), 'utf8'));

  const created: string[] = [];
  const createdDirs: string[] = [];
  const replaced: string[] = [];
  const undo = () => {
    for (const path of replaced) writeFileSync(join(root, path), originals.get(path)!);
    for (const path of created) rmSync(join(root, path), { force: true });
    for (const dir of [...createdDirs].sort((a, b) => b.length - a.length)) rmdirSync(dir);
  };
  try {
    for (const [path, content] of [...create, ...update]) {
      const destination = join(root, path);
      for (let dir = dirname(destination); !existsSync(dir); dir = dirname(dir)) createdDirs.push(dir);
      mkdirSync(dirname(destination), { recursive: true });
      const temporary = `${destination}.bisslog-${process.pid}.tmp`;
      writeFileSync(temporary, content, { flag: 'wx' });
      try {
        renameSync(temporary, destination);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw error;
      }
      (create.has(path) ? created : replaced).push(path);
    }
  } catch (error) {
    undo();
    if (error instanceof CliError) throw error;
    throw new CliError('could not write the project; nothing was changed', ExitCode.failure, { cause: error });
  }
}
