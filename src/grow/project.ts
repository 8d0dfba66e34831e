import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { BASES_PACK, LEGACY_BASES_DIR, type StoredBases, legacyBasePath, readPack } from '../core/bases.js';
import { MANIFEST_PATH, TOOL_NAME, hashContent, parseManifest } from '../core/manifest.js';
import { usageError } from '../core/errors.js';
import { occupied } from '../fs/folders.js';
import { assertOwned } from '../fs/owner.js';
import { isAdoptedManifest } from './adopted-manifest.js';
import { readBounded, readText } from '../fs/read.js';
import type { ProjectSnapshot } from './plan-add.js';
import type { ProjectFiles } from './plan-change.js';

/**
 * The nearest folder at or above `start` holding our manifest. It and its .venv must belong to
 * the user running us: a project planted above the working folder (in /tmp, say) is refused,
 * not run.
 */
export function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (occupied(join(dir, MANIFEST_PATH))) {
      assertOwned(dir, 'project', dir);
      assertOwned(join(dir, '.venv'), 'environment', dir);
      return dir;
    }
    if (dirname(dir) === dir) {
      throw usageError(`not inside a project made by ${TOOL_NAME}: no ${MANIFEST_PATH} here or above`);
    }
  }
}

/** Use-case modules anywhere under src/domain/use_cases: module name → path from the project root. */
export function useCaseModules(root: string): Map<string, string> {
  const dir = join(root, 'src', 'domain', 'use_cases');
  const modules = new Map<string, string>();
  if (!existsSync(dir)) return modules;
  // Hundreds of modules share a few folders: each folder's relative path is worked out once.
  const folders = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.py') || entry.name === '__init__.py') continue;
    let folder = folders.get(entry.parentPath);
    if (folder === undefined) folders.set(entry.parentPath, (folder = relative(root, entry.parentPath)));
    modules.set(entry.name.slice(0, -3), join(folder, entry.name));
  }
  return modules;
}

/** Where the project's .venv keeps an executable, on POSIX and on Windows. */
export function venvExecutables(root: string, name: string): string[] {
  return [join(root, '.venv', 'bin', name), join(root, '.venv', 'Scripts', `${name}.exe`)];
}

/** A project file's text, or undefined when it is missing or unreadable. */
export function readFileOrUndefined(path: string): string | undefined {
  try {
    return readText(path, path);
  } catch {
    return undefined;
  }
}

/**
 * The manifest, read with a size cap and a one-line error for a folder, a device or bad JSON, or
 * for an adopted project's manifest, which records conventions, not a spec to re-render.
 */
export function readManifest(root: string) {
  const text = readText(join(root, MANIFEST_PATH), MANIFEST_PATH);
  // A substring test first: a big project's manifest is not parsed twice.
  if (text.includes('"adopted"') && isAdoptedManifest(text)) {
    throw usageError(`this project is one your team made (adopted): this command works on projects ${TOOL_NAME} generated; here, use add use-case and check`);
  }
  return parseManifest(text, MANIFEST_PATH);
}

/** metadata.yml as UTF-8 text, its byte-order mark and line endings as they are on disk. */
export function readMetadataText(root: string): string {
  if (!occupied(join(root, 'metadata.yml'))) throw usageError(`metadata.yml is missing in ${root}`);
  return readText(join(root, 'metadata.yml'), 'metadata.yml');
}

/** A pack holds every base of a project; far beyond a service of a thousand use cases. */
const MAX_PACK_BYTES = 256 * 1024 * 1024;

/** The project's bases as stored: its pack (a damaged one is a one-line error) and 0.2.0's base files. */
export function readStoredBases(root: string): StoredBases {
  const packPath = join(root, BASES_PACK);
  const packBytes = occupied(packPath) ? readBounded(packPath, BASES_PACK, MAX_PACK_BYTES) : undefined;
  const dir = join(root, LEGACY_BASES_DIR);
  const legacy = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isFile() && /^[0-9a-f]{64}$/.test(entry.name))
        .map((entry) => `sha256:${entry.name}`)
    : [];
  // Read once, whether to merge or to migrate.
  const texts = new Map<string, string | undefined>();
  return {
    ...(packBytes ? { pack: readPack(packBytes) } : {}),
    legacy: new Set(legacy),
    readLegacy: (hash) => {
      if (!texts.has(hash)) {
        const text = readFileOrUndefined(join(root, legacyBasePath(hash)));
        texts.set(hash, text !== undefined && hashContent(text) === hash ? text : undefined);
      }
      return texts.get(hash);
    },
  };
}

/** A generated file grows with the service (test_http.py is 207 kB at 300 use cases): far beyond that. */
const MAX_PROJECT_FILE_BYTES = 64 * 1024 * 1024;

/**
 * A project file's text, or undefined when nothing is there. A file that is there but cannot be
 * read as UTF-8 text is a one-line usage error naming it: taking it for a deleted file would
 * skip it, and a change would go ahead without it.
 */
export function readProjectFile(root: string, path: string): string | undefined {
  const absolute = join(root, path);
  return occupied(absolute) ? readText(absolute, path, MAX_PROJECT_FILE_BYTES) : undefined;
}

/** The project as the change planner reads it: its manifest, its files and the stored bases. */
export function readProjectFiles(root: string): ProjectFiles {
  return { manifest: readManifest(root), read: (path) => readProjectFile(root, path), bases: readStoredBases(root) };
}

export function snapshotProject(root: string): ProjectSnapshot {
  return { ...readProjectFiles(root), metadataText: readMetadataText(root), useCaseModules: [...useCaseModules(root).keys()] };
}
