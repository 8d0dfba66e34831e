import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateSet } from './render.js';

/** templates/ sits next to the package.json, both in the repo and in the published package. */
export function templatesRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return join(dir, 'templates');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('templates folder not found next to package.json');
    dir = parent;
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
