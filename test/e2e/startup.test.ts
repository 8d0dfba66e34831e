import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, ciEnv, REPO, tempDir } from './support.js';

interface StartUp {
  /** Files of dist/ the run resolved as modules or read, in order. */
  loaded: string[];
  /** Whether V8 rejected each code cache it was given. */
  cacheRejected: boolean[];
}

/**
 * What a run loads: a preload records every module resolved and every file read under dist/
 * (the bin reads the CLI script and its code cache), and what V8 said of the code cache.
 */
async function startUp(args: string[], env: Record<string, string> = {}): Promise<StartUp> {
  const dir = tempDir('cbs-hook-');
  const log = join(dir, 'loaded.txt');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, 'load ' + result.url + '\\n');
  return result;
}`,
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import fs, { appendFileSync } from 'node:fs';
import { register, syncBuiltinESMExports } from 'node:module';
import vm from 'node:vm';
const note = (line) => appendFileSync(${JSON.stringify(log)}, line + '\\n');
const readFileSync = fs.readFileSync;
fs.readFileSync = (path, ...rest) => {
  const shown = path instanceof URL ? path.href : String(path);
  if (/[\\\\/]dist[\\\\/]/.test(shown)) note('read ' + shown);
  return readFileSync(path, ...rest);
};
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(source, options) {
    super(source, options);
    if (options?.cachedData) note('cache ' + (this.cachedDataRejected ? 'rejected' : 'accepted'));
  }
};
syncBuiltinESMExports();
register(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});
`,
  );
  writeFileSync(log, '');
  const result = await execa('node', ['--import', pathToFileURL(join(dir, 'register.mjs')).href, BIN, ...args], { cwd: dir, env: ciEnv(env), reject: false });
  expect(result.exitCode, result.stderr).toBe(0);
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return {
    loaded: lines.filter((line) => !line.startsWith('cache ')).map((line) => line.slice(line.indexOf('/dist/') + 1)),
    cacheRejected: lines.filter((line) => line.startsWith('cache ')).map((line) => line.endsWith('rejected')),
  };
}

describe('start-up', () => {
  it.each([['--help'], ['--version'], ['add', '--help'], ['check', '-h'], ['adopt', '--help'], ['svc', '--name', 'x', '-v']])('%s loads nothing but the bin', async (...args) => {
    const { loaded } = await startUp(args);
    expect(loaded.filter((path) => path !== 'dist/help.json')).toEqual(['dist/index.js']);
  });

  it('a scaffold runs the CLI script with the code cache built for this V8', async () => {
    const { loaded, cacheRejected } = await startUp(['svc', '--yes', '--no-install', '--no-git']);
    expect(loaded).toEqual(['dist/index.js', `dist/cli-${process.versions.v8}-${process.arch}.cache`, 'dist/cli.cjs']);
    expect(cacheRejected).toEqual([false]);
  });

  it('initialises neither the prompts nor the process runner for a scaffold without install', () => {
    // Imported modules initialise when first imported: what a scaffold runs is what the entry and
    // the create command reach through static imports and require() calls.
    const initialised = staticallyReached(['src/cli/main.ts', 'src/cli/create.ts']);
    expect(initialised).toContain('src/render/render.ts');
    expect(initialised.filter((input) => /node_modules\/(@clack|execa|yaml)\//.test(input))).toEqual([]);
  });
});

/** The modules `entries` reach without a dynamic import(), from the metafile of scripts/build.mjs. */
function staticallyReached(entries: string[]): string[] {
  const meta = JSON.parse(readFileSync(join(REPO, '.cache', 'meta.json'), 'utf8')) as {
    inputs: Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }> }>;
  };
  const reached = new Set<string>();
  const visit = (input: string) => {
    if (reached.has(input)) return;
    const node = meta.inputs[input];
    if (node === undefined) throw new Error(`${input} is not in .cache/meta.json: rebuild`);
    reached.add(input);
    for (const edge of node.imports) if (!edge.external && edge.kind !== 'dynamic-import') visit(edge.path);
  };
  entries.forEach(visit);
  return [...reached].sort();
}
