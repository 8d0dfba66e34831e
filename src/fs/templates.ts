import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompiledTemplate, TemplateSet } from '../core/files.js';
import { packageRoot } from './package-root.js';

/** Defined by the bundler: the published CLI reads its templates from dist/templates.js. */
declare const __PACKAGE_VERSION__: string | undefined;

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

interface TemplateBundle {
  templates: Record<string, string | CompiledTemplate>;
}

/**
 * The templates this CLI ships. Bundled, they come precompiled in one module (one read, no
 * EJS compile at run time); from the repo, they are read from templates/.
 */
export async function shippedTemplates(): Promise<TemplateSet> {
  if (typeof __PACKAGE_VERSION__ !== 'string') return loadTemplates(join(packageRoot(), 'templates'));
  const bundle = (await import(pathToFileURL(join(packageRoot(), 'dist', 'templates.js')).href)) as TemplateBundle;
  return new Map(Object.entries(bundle.templates));
}
