import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { TemplateSet } from '../core/files.js';
import { bundledTemplates } from './bundled-templates.js';
import { packageRoot } from './package-root.js';

/** Reads every file under `root` into memory, keyed by its `/`-separated relative path. */
export function loadTemplates(root: string): TemplateSet {
  const templates = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else templates.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return templates;
}

/** The templates this CLI ships: precompiled in the bundle, or read from templates/ in the repo. */
export async function shippedTemplates(): Promise<TemplateSet> {
  return bundledTemplates ? new Map(Object.entries(bundledTemplates)) : loadTemplates(join(packageRoot(), 'templates'));
}
