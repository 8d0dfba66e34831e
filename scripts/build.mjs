// Bundles the CLI into dist/ with its dependencies inlined; commands load as separate chunks.
// The licences of every bundled package are collected into dist/THIRD_PARTY_LICENSES.txt.
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS packages call require() for Node built-ins.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});

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
