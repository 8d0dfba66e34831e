import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BASES_DIR } from '../core/manifest.js';
import type { ProjectFiles } from './plan-change.js';
import { snapshotProject } from './project.js';

/** The project as the change planner reads it: its manifest, its files and the stored bases. */
export function readProjectFiles(root: string): ProjectFiles {
  const { manifest, read } = snapshotProject(root);
  const dir = join(root, BASES_DIR);
  const storedBases = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => `${BASES_DIR}/${entry.name}`).sort()
    : [];
  return { manifest, read, storedBases };
}
