import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

function modulesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.py') && entry.name !== '__init__.py')
    .map((entry) => entry.name.slice(0, -3));
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
    useCaseModules: modulesUnder(join(root, 'src', 'domain', 'use_cases')),
    read: (path) => readFileOrUndefined(join(root, path)),
  };
}
