import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { MANIFEST_PATH, TOOL_NAME, parseManifest } from '../core/manifest.js';
import { usageError } from '../errors.js';
import type { ProjectSnapshot } from './plan-add.js';

/** The nearest folder at or above `start` holding our manifest. */
export function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, MANIFEST_PATH))) return dir;
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
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.py') || entry.name === '__init__.py') continue;
    modules.set(entry.name.slice(0, -3), relative(root, join(entry.parentPath, entry.name)));
  }
  return modules;
}

/** Where the project's .venv keeps an executable, on POSIX and on Windows. */
export function venvExecutables(root: string, name: string): string[] {
  return [join(root, '.venv', 'bin', name), join(root, '.venv', 'Scripts', `${name}.exe`)];
}

export function readFileOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function snapshotProject(root: string): ProjectSnapshot {
  const manifest = parseManifest(readFileSync(join(root, MANIFEST_PATH), 'utf8'), MANIFEST_PATH);
  const metadataText = readFileOrUndefined(join(root, 'metadata.yml'));
  if (metadataText === undefined) throw usageError(`metadata.yml is missing in ${root}`);
  return {
    manifest,
    metadataText,
    useCaseModules: [...useCaseModules(root).keys()],
    read: (path) => readFileOrUndefined(join(root, path)),
  };
}
