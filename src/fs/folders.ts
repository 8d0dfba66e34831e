import { lstatSync, mkdirSync, rmdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

export function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** True when anything, a dangling symbolic link included, is at `path`. */
export function occupied(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates `dir` and its missing parents one by one, top down, and returns those it created.
 * Node's recursive mkdir retries forever where mkdir answers ENOENT for a parent that exists
 * (under /proc); this loop is bounded by the path's depth. A dangling link counts as taken.
 */
export function makeFolders(dir: string): string[] {
  const missing: string[] = [];
  for (let current = dir; !occupied(current) && dirname(current) !== current; current = dirname(current)) missing.push(current);
  const created: string[] = [];
  try {
    for (const folder of missing.reverse()) {
      mkdirSync(folder);
      created.push(folder);
    }
  } catch (error) {
    removeFolders(created);
    throw error;
  }
  return created;
}

/** Removes folders we created, deepest first, and only while empty: what someone else put there stays. */
export function removeFolders(created: readonly string[]): void {
  for (const folder of [...created].sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(folder);
    } catch {
      // Not empty or already gone: it is not ours to remove any more.
    }
  }
}
