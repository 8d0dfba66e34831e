import type { ProjectFiles } from './plan-change.js';
import { snapshotProject } from './project.js';

/** The project as the change planner reads it: its manifest, its files and the stored bases. */
export function readProjectFiles(root: string): ProjectFiles {
  const { manifest, read, bases } = snapshotProject(root);
  return { manifest, read, bases };
}
