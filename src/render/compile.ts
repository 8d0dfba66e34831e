import ejs from 'ejs';
import type { CompiledTemplate, TemplateSet } from '../core/files.js';

/**
 * How `.ejs` templates compile: here for templates read from the repository, and in
 * scripts/build.mjs for the bundle, which ships them compiled (test/e2e/package.test.ts checks
 * that both render alike).
 */
export const EJS_OPTIONS = { strict: true, localsName: 'it', _with: false, compileDebug: false } as const;

/** The template files with every `.ejs` one compiled to a function of its data; others stay text. */
export function compileTemplates(sources: Iterable<readonly [string, string]>): TemplateSet {
  const templates = new Map<string, string | CompiledTemplate>();
  for (const [path, source] of sources) {
    templates.set(path, path.endsWith('.ejs') ? (ejs.compile(source, { ...EJS_OPTIONS, filename: path }) as unknown as CompiledTemplate) : source);
  }
  return templates;
}
