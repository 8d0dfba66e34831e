import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What each pure layer may import: its own folders, and packages with no I/O. Everything else
 * (node:fs, node:child_process, node:process, src/fs, src/cli, ...) belongs in an outer layer.
 */
const LAYERS = {
  'src/core': { folders: ['src/core'], packages: ['node:crypto'] },
  'src/render': { folders: ['src/core', 'src/render'], packages: ['node:crypto', 'ejs'] },
} as const;

type Layer = keyof typeof LAYERS;

/** Every way a module can reach another one or the process: imports, re-exports, import(), require, globals. */
function problems(file: string, layer: Layer, text: string): string[] {
  const rule = LAYERS[layer];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const checkSpecifier = (specifier: string) => {
    if (specifier.startsWith('.')) {
      const target = relative(REPO, resolve(REPO, dirname(file), specifier)).split(sep).join('/');
      if (!rule.folders.some((folder) => target.startsWith(`${folder}/`))) found.push(`${file} imports ${target}, outside ${rule.folders.join(' and ')}`);
      else if (!existsSync(join(REPO, target.replace(/\.js$/, '.ts')))) found.push(`${file} imports ${target}, which does not exist`);
    } else if (!(rule.packages as readonly string[]).includes(specifier)) {
      found.push(`${file} imports ${specifier}, not a pure package for ${layer}`);
    }
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) {
      checkSpecifier((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      checkSpecifier((node.moduleReference.expression as ts.StringLiteral).text);
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const [argument] = node.arguments;
      if (argument !== undefined && ts.isStringLiteralLike(argument)) checkSpecifier(argument.text);
      else found.push(`${file} loads a module whose name is computed`);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      checkSpecifier(node.argument.literal.text);
    } else if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) {
      found.push(`${file} uses import.meta (locates files on disk)`);
    } else if (ts.isIdentifier(node) && ['process', 'require', 'Deno', 'Bun'].includes(node.text) && isGlobalReference(node)) {
      found.push(`${file} uses the global ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `process` as a value, not as a property name (`x.process`, `{ process: 1 }`) or a declaration of its own. */
function isGlobalReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) {
    return ts.isIdentifier(parent.expression) && parent.expression.text === 'globalThis';
  }
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent)) && parent.name === node) return false;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) return false;
  // `require('x')` is checked as a module load.
  if (node.text === 'require' && ts.isCallExpression(parent) && parent.expression === node) return false;
  return true;
}

function sourcesOf(folder: string): string[] {
  return readdirSync(join(REPO, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `${folder}/${name.split(sep).join('/')}`)
    .sort();
}

describe('layers', () => {
  for (const layer of Object.keys(LAYERS) as Layer[]) {
    it(`${layer} imports only ${LAYERS[layer].folders.join(' and ')} and pure packages, and never the process`, () => {
      const files = sourcesOf(layer);
      expect(files.length).toBeGreaterThan(0);
      expect(files.flatMap((file) => problems(file, layer, readFileSync(join(REPO, file), 'utf8')))).toEqual([]);
    });
  }

  it('the check catches each way out of a layer', () => {
    const cases: [Layer, string][] = [
      ['src/core', "import { readFileSync } from 'node:fs';"],
      ['src/core', "import { execa } from 'execa';"],
      ['src/core', "import { spawn } from 'node:child_process';"],
      ['src/core', "import { argv } from 'node:process';"],
      ['src/core', "import type { TemplateData } from '../render/render.js';"],
      ['src/core', "export { oneLine } from '../cli/output.js';"],
      ['src/core', "const fs = await import('node:fs/promises');"],
      ['src/core', 'const name = "fs"; await import(name);'],
      ['src/core', "type T = import('../fs/read.js').Reader;"],
      ['src/core', 'export const cwd = () => process.cwd();'],
      ['src/core', 'export const env = globalThis.process.env;'],
      ['src/core', "const { readFileSync } = require('fs');"],
      ['src/render', "import { writeFiles } from '../fs/write.js';"],
      ['src/render', "import { shippedTemplates } from '../fs/templates.js';"],
      ['src/render', 'export const here = import.meta.url;'],
      ['src/render', 'process.stdout.write("x");'],
      ['src/render', "import { yamlString } from './missing.js';"],
    ];
    for (const [layer, text] of cases) expect(problems(`${layer}/example.ts`, layer, text), text).toHaveLength(1);
    expect(problems('src/render/example.ts', 'src/render', "import { byCodePoint } from '../core/compare.js';\nconst o = { process: 1 }; o.process;")).toEqual([]);
  });
});
