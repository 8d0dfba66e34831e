import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CompiledTemplate, TemplateSet } from './render.js';

/** Defined by the bundler: the published CLI reads its templates from dist/templates.js. */
declare const __PACKAGE_VERSION__: string | undefined;

/** The folder holding this package's package.json, in the repo and when installed. */
export function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && (existsSync(join(dir, 'templates')) || existsSync(join(dir, 'dist')))) return dir;
    if (dirname(dir) === dir) throw new Error('package.json of create-bisslog-service not found');
  }
}

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
