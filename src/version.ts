import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './fs/package-root.js';

/** Set by the bundler; unbundled runs (tests) read package.json. */
declare const __PACKAGE_VERSION__: string | undefined;

export function packageVersion(): string {
  if (typeof __PACKAGE_VERSION__ === 'string') return __PACKAGE_VERSION__;
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
