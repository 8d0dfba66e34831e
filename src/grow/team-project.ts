import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { MANIFEST_PATH } from '../core/manifest.js';
import { usageError } from '../core/errors.js';
import { type AdoptedManifest, isAdoptedManifest, parseAdoptedManifest } from './adopted-manifest.js';
import { METADATA_CANDIDATES, type ProjectFiles, USE_CASES_DIR } from './conventions.js';
import { occupied } from '../fs/folders.js';
import { assertOwned } from '../fs/owner.js';
import { readText } from '../fs/read.js';
import { readFileOrUndefined } from './project.js';

/**
 * Where a grow command runs: a project this tool made (its manifest), one the team made and
 * adopted (`adopt` wrote a manifest recording its conventions), or a hand-made bisslog
 * project found by its metadata beside src/domain/use_cases.
 */
export type Located =
  | { root: string; kind: 'generated' }
  | { root: string; kind: 'adopted'; manifest: AdoptedManifest }
  | { root: string; kind: 'team' };

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The project and its .venv must belong to the user running us (see findProjectRoot). */
function owned(dir: string): void {
  assertOwned(dir, 'project', dir);
  assertOwned(join(dir, '.venv'), 'environment', dir);
}

/** The nearest folder at or above `start` that is one of those projects. */
export function locateProject(start: string): Located {
  for (let dir = start; ; dir = dirname(dir)) {
    if (occupied(join(dir, MANIFEST_PATH))) {
      owned(dir);
      const manifestText = readText(join(dir, MANIFEST_PATH), MANIFEST_PATH);
      return isAdoptedManifest(manifestText)
        ? { root: dir, kind: 'adopted', manifest: parseAdoptedManifest(manifestText, MANIFEST_PATH) }
        : { root: dir, kind: 'generated' };
    }
    if (METADATA_CANDIDATES.some((name) => existsSync(join(dir, name))) && isDirectory(join(dir, USE_CASES_DIR))) {
      owned(dir);
      return { root: dir, kind: 'team' };
    }
    if (dirname(dir) === dir) {
      throw usageError(
        `not inside a bisslog project: no ${MANIFEST_PATH}, and no metadata.yml (or docs/metadata.yml, metadata.yaml, metadata.json) beside ${USE_CASES_DIR}, here or above`,
      );
    }
  }
}

// Folders that hold no project source: caches and installed packages (hidden folders, but for
// .github, and virtual environments are left out too).
const SKIPPED = new Set(['node_modules', '__pycache__', 'site-packages']);

/** Every file of the project, as the team keeps it. */
export function projectFiles(root: string): ProjectFiles {
  const paths: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if ((entry.name.startsWith('.') && entry.name !== '.github') || SKIPPED.has(entry.name)) continue;
        if (!existsSync(join(path, 'pyvenv.cfg'))) walk(path);
      } else if (entry.isFile()) {
        paths.push(relative(root, path).split(sep).join('/'));
      }
    }
  };
  walk(root);
  paths.sort();
  const cache = new Map<string, string | undefined>();
  return {
    paths,
    read: (path) => {
      if (!cache.has(path)) cache.set(path, readFileOrUndefined(join(root, path)));
      return cache.get(path);
    },
  };
}
