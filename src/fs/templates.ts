import { join } from 'node:path';
import type { TemplateSet } from '../core/files.js';
import { bundledTemplates } from './bundled-templates.js';
import { packageRoot } from './package-root.js';

/**
 * The templates this CLI ships: precompiled in the bundle, or read from templates/ in the repo
 * and compiled there (the EJS compiler loads only then).
 */
export async function shippedTemplates(): Promise<TemplateSet> {
  if (bundledTemplates) return new Map(Object.entries(bundledTemplates));
  return (await import('./template-files.js')).loadTemplates(join(packageRoot(), 'templates'));
}
