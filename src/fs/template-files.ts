import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { TemplateSet } from '../core/files.js';
import { compileTemplates } from '../render/compile.js';

/** Every file under `root`, keyed by its `/`-separated relative path, `.ejs` ones compiled. */
export function loadTemplates(root: string): TemplateSet {
  const sources: Array<[string, string]> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else sources.push([relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8')]);
    }
  };
  walk(root);
  return compileTemplates(sources);
}
