import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, ciEnv, fakeBin, REPO, tempDir } from './support.js';

interface StartUp {
  /** Files of dist/ the run read or opened (modules, the CLI script, its code cache), in order. */
  loaded: string[];
  /** Whether V8 rejected each code cache it was given. */
  cacheRejected: boolean[];
  /** Node's built-in modules the run loaded. */
  builtins: string[];
}

/** What a run loads, recorded by a preload that watches file reads and V8's code cache. */
async function startUp(args: string[], env: Record<string, string> = {}): Promise<StartUp> {
  const dir = tempDir('cbs-hook-');
  const log = join(dir, 'loaded.txt');
  writeFileSync(
    join(dir, 'preload.cjs'),
    `const fs = require('node:fs');
const vm = require('node:vm');
const note = (line) => fs.appendFileSync(${JSON.stringify(log)}, line + '\\n');
const noteRead = (path) => {
  const shown = path instanceof URL ? path.pathname : String(path);
  if (/[\\\\/]dist[\\\\/]/.test(shown)) note('read ' + shown);
};
// readFileSync may open the file through fs.openSync: one read is noted once.
let inReadFileSync = false;
const readFileSync = fs.readFileSync;
fs.readFileSync = (path, ...rest) => {
  if (typeof path !== 'number') noteRead(path);
  inReadFileSync = true;
  try {
    return readFileSync(path, ...rest);
  } finally {
    inReadFileSync = false;
  }
};
const openSync = fs.openSync;
fs.openSync = (path, ...rest) => {
  if (!inReadFileSync) noteRead(path);
  return openSync(path, ...rest);
};
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(source, options) {
    super(source, options);
    if (options && options.cachedData) note('cache ' + (this.cachedDataRejected ? 'rejected' : 'accepted'));
  }
};
process.on('exit', () => { for (const name of process.moduleLoadList) if (name.startsWith('NativeModule ')) note('builtin ' + name.slice(13)); });
`,
  );
  writeFileSync(log, '');
  const result = await execa('node', ['--require', join(dir, 'preload.cjs'), BIN, ...args], { cwd: dir, env: ciEnv(env), reject: false });
  expect(result.exitCode, result.stderr).toBe(0);
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const tagged = (tag: string) => lines.filter((line) => line.startsWith(`${tag} `)).map((line) => line.slice(tag.length + 1));
  return {
    loaded: tagged('read').map((path) => path.slice(path.lastIndexOf('/dist/') + 1)),
    cacheRejected: tagged('cache').map((word) => word === 'rejected'),
    builtins: tagged('builtin'),
  };
}

describe('start-up', () => {
  it.each([['--help'], ['--version'], ['add', '--help'], ['check', '-h'], ['adopt', '--help'], ['svc', '--name', 'x', '-v']])('%s loads nothing but the bin', async (...args) => {
    const { loaded } = await startUp(args);
    expect(loaded.filter((path) => path !== 'dist/help.json')).toEqual(['dist/index.cjs']);
  });

  it('a scaffold runs the CLI script with the code cache built for this V8', async () => {
    const { loaded, cacheRejected, builtins } = await startUp(['svc', '--yes', '--no-install', '--no-git']);
    expect(loaded).toEqual(['dist/index.cjs', 'dist/cli.cjs', `dist/cli-${process.versions.v8}-${process.arch}.cache`]);
    expect(cacheRejected).toEqual([false]);
    // CommonJS throughout: Node's ES module loader, which an ES module entry starts, never runs.
    expect(builtins.filter((name) => name.startsWith('internal/modules/esm/translators'))).toEqual([]);
  });

  it('a Node without a code cache in the package (another V8) requires the script and makes the same project', async () => {
    const copy = tempDir('cbs-nocache-');
    cpSync(join(REPO, 'dist'), join(copy, 'dist'), { recursive: true, filter: (path) => !path.endsWith('.cache') });
    cpSync(join(REPO, 'package.json'), join(copy, 'package.json'));
    const args = ['svc', '--yes', '--no-install', '--no-git'];
    const [withCache, without] = [tempDir('cbs-cached-'), tempDir('cbs-uncached-')];
    for (const [bin, cwd] of [[BIN, withCache], [join(copy, 'dist', 'index.cjs'), without]] as const) {
      const result = await execa('node', [bin, ...args], { cwd, env: ciEnv(), reject: false });
      expect(result.exitCode, result.stderr).toBe(0);
    }
    const tree = (root: string) => readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length)).sort();
    expect(tree(join(without, 'svc'))).toEqual(tree(join(withCache, 'svc')));
    for (const path of tree(join(withCache, 'svc'))) expect(readFileSync(join(without, 'svc', path), 'utf8'), path).toBe(readFileSync(join(withCache, 'svc', path), 'utf8'));
  });

  it('a scaffold with its install and git runs them without execa (node:child_process)', async () => {
    const bin = fakeBin({ uv: 'case "$1" in\n  venv) mkdir -p .venv/bin ;;\nesac\n' });
    const { builtins } = await startUp(['svc', '--yes'], { PATH: `${bin}:${process.env.PATH}` });
    expect(builtins).toContain('child_process');
    // execa alone loads node:v8 (for its IPC serialisation).
    expect(builtins).not.toContain('v8');
    const initialised = staticallyReached(['src/cli/main.ts', 'src/cli/create.ts', 'src/cli/install-step.ts']);
    expect(initialised).toEqual(expect.arrayContaining(['src/install/git.ts', 'src/install/process.ts']));
    expect(initialised.filter((input) => /node_modules\/(@clack|execa)\//.test(input))).toEqual([]);
  });

  it('initialises neither the prompts, the process runner nor the EJS compiler for a scaffold without install', () => {
    // Imported modules initialise when first imported: what a scaffold runs is what the entry and
    // the create command reach through static imports and require() calls. The bundle's templates
    // are compiled already.
    const initialised = staticallyReached(['src/cli/main.ts', 'src/cli/create.ts']);
    expect(initialised).toContain('src/render/render.ts');
    expect(initialised.filter((input) => /node_modules\/(@clack|execa|yaml|ejs)\//.test(input))).toEqual([]);
  });

  it.each([['add'], ['remove'], ['upgrade'], ['check']])('%s initialises the process runner only to run something', (command) => {
    const initialised = staticallyReached(['src/cli/main.ts', `src/cli/${command}.ts`]);
    expect(initialised.filter((input) => input === 'src/install/process.ts' || /node_modules\/execa\//.test(input))).toEqual([]);
  });

  it.each([['check'], ['upgrade']])('%s initialises the YAML library only to parse an edited metadata.yml', (command) => {
    const initialised = staticallyReached(['src/cli/main.ts', `src/cli/${command}.ts`]);
    expect(initialised.filter((input) => /node_modules\/yaml\//.test(input))).toEqual([]);
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
