// Bundles the CLI into dist/: the bin, and one script with every dependency and template inlined.
// The licences of every bundled package are collected into dist/THIRD_PARTY_LICENSES.txt.
import ejs from 'ejs';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
rmSync('dist', { recursive: true, force: true });

// Every template in one module, .ejs ones precompiled: no template file to read and no EJS
// compile at run time. The options must be EJS_OPTIONS of src/render/compile.ts (test/e2e/package.test.ts
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
const bundledTemplates = `export const bundledTemplates = {\n${entries.join('\n')}\n};\n`;
const withBundledTemplates = {
  name: 'bundled-templates',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]fs[\\/]bundled-templates\.ts$/ }, () => ({ contents: bundledTemplates, loader: 'js' }));
  },
};

// The bin: answers --help and --version itself, and runs the CLI script with its code cache.
// CommonJS, like the script: an ES module entry would start Node's ES module loader first.
await build({
  entryPoints: ['index.ts'],
  outfile: 'dist/index.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: process.env.BUILD_MINIFY !== '0',
  define: { __PACKAGE_VERSION__: JSON.stringify(version), 'import.meta.url': '__binUrl' },
  banner: { js: "const __binUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// The CLI: one CommonJS script with every dependency and template inlined, so that V8 can cache
// its compiled code (index.ts runs it); modules initialise when first imported, so a command
// pays only for what it runs.
const result = await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  // Prefer the ES module builds: they tree-shake.
  mainFields: ['module', 'main'],
  target: 'node20',
  minify: process.env.BUILD_MINIFY !== '0',
  legalComments: 'none',
  metafile: true,
  define: { __PACKAGE_VERSION__: JSON.stringify(version), 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [withBundledTemplates],
  logLevel: 'warning',
});

// The bin reads the script as Latin-1, which is exact for ASCII and cheaper than decoding UTF-8.
const nonAscii = readFileSync('dist/cli.cjs', 'latin1').search(/[^\x00-\x7f]/);
if (nonAscii >= 0) throw new Error(`dist/cli.cjs is not ASCII at offset ${nonAscii}: escape the character in the source (e.g. \\u00d7)`);

// Which input modules went into the script, and which import which; test/e2e/startup.test.ts
// reads it to prove what a scaffold initialises. Not shipped: it lives outside dist/.
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

// --help prints from this file, and the bin learns from it which flags take a value: generated
// here from each command's flag schema and the catalog.
// Bundled CommonJS packages call require() for Node built-ins.
const banner = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };
await build({ entryPoints: ['scripts/help.ts'], outfile: '.cache/help.mjs', bundle: true, format: 'esm', platform: 'node', banner, logLevel: 'warning' });
writeFileSync('dist/help.json', execFileSync('node', ['.cache/help.mjs']));

// The code cache for this V8: recorded from a default scaffold, the run it speeds up most.
const scratch = mkdtempSync(join(tmpdir(), 'cbs-build-'));
try {
  execFileSync(process.execPath, [resolve('dist/index.cjs'), 'svc', '--yes', '--no-install', '--no-git'], {
    cwd: scratch,
    env: { ...process.env, CREATE_BISSLOG_SERVICE_RECORD_CODE_CACHE: '1', CI: 'true', NO_COLOR: '1' },
    stdio: 'ignore',
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
