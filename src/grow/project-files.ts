import { join } from 'node:path';
import type { ProjectFiles } from './plan-change.js';
import { readFileOrUndefined, readManifest, readStoredBases } from './project.js';

/** The project as the change planner reads it: its manifest, its files and the stored bases. */
export function readProjectFiles(root: string): ProjectFiles {
  return { manifest: readManifest(root), read: (path) => readFileOrUndefined(join(root, path)), bases: readStoredBases(root) };
}
