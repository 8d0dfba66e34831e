import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding this package's package.json, in the repo and when installed. */
export function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && (existsSync(join(dir, 'templates')) || existsSync(join(dir, 'dist')))) return dir;
    if (dirname(dir) === dir) throw new Error('package.json of create-bisslog-service not found');
  }
}
