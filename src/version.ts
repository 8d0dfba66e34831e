import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { templatesRoot } from './render/load-templates.js';

export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(dirname(templatesRoot()), 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}
