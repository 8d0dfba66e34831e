// Bundles the CLI into dist/ with its dependencies inlined; commands load as separate chunks.
// The licences of every bundled package are collected into dist/THIRD_PARTY_LICENSES.txt.
import ejs from 'ejs';
import { build, transform } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

// Bundled CommonJS packages call require() for Node built-ins.
const banner = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };

rmSync('dist', { recursive: true, force: true });
const result = await build({
  entryPoints: ['index.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // Prefer the ES module builds: named exports survive dynamic import(), and they tree-shake.
  mainFields: ['module', 'main'],
  target: 'node20',
  minify: process.env.BUILD_MINIFY !== '0',
  legalComments: 'none',
  metafile: true,
  define: { __PACKAGE_VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
  chunkNames: 'chunks/[name]-[hash]',
  banner,
  logLevel: 'warning',
});

// Which input modules went into which output chunk; test/e2e/startup.test.ts reads it to prove
// which code a run loads. Not shipped: it lives outside dist/.
mkdirSync('.cache', { recursive: true });
writeFileSync('.cache/meta.json', JSON.stringify(result.metafile));

const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g);
  if (match) packages.add(match[match.length - 1].slice('node_modules/'.length, -1));
}
const sections = [...packages].sort().map((name) => {
  const dir = join('node_modules', name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const licenceFile = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  const text = licenceFile && existsSync(join(dir, licenceFile)) ? readFileSync(join(dir, licenceFile), 'utf8').trim() : '(no licence file shipped)';
  return `${name}@${manifest.version} (${manifest.license})\n\n${text}\n`;
});
writeFileSync('dist/THIRD_PARTY_LICENSES.txt', `Packages bundled into this CLI:\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`);

// Every template in one module, .ejs ones precompiled: one file to load and no EJS compile at
// run time. The options must be EJS_OPTIONS of src/render/render.ts (test/e2e/package.test.ts
// checks that the bundle renders exactly what the sources render).
const EJS_OPTIONS = { strict: true, localsName: 'it', _with: false, compileDebug: false };
const templates = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else templates.push([relative('templates', path).split(sep).join('/'), readFileSync(path, 'utf8')]);
  }
};
walk('templates');
templates.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const entries = templates.map(([path, source]) =>
  path.endsWith('.ejs')
    ? `  ${JSON.stringify(path)}: ${ejs.compile(source, { ...EJS_OPTIONS, client: true, filename: path }).toString()},`
    : `  ${JSON.stringify(path)}: ${JSON.stringify(source)},`,
);
const templateModule = `export const templates = {\n${entries.join('\n')}\n};\n`;
writeFileSync('dist/templates.js', (await transform(templateModule, { format: 'esm', minify: true, target: 'node20' })).code);

// --help prints from this file, and the bin learns from it which flags take a value: generated
// here from each command's flag schema and the catalog.
await build({ entryPoints: ['scripts/help.ts'], outfile: '.cache/help.mjs', bundle: true, format: 'esm', platform: 'node', banner, logLevel: 'warning' });
writeFileSync('dist/help.json', execFileSync('node', ['.cache/help.mjs']));
