import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, ciEnv, fakeBin, REPO, tempDir } from './support.js';

/** Which of our modules a run loads, recorded by a module-resolution hook. */
async function modulesLoaded(args: string[], env = ciEnv()): Promise<string[]> {
  const dir = tempDir('cbs-hook-');
  const log = join(dir, 'loaded.txt');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, result.url + '\\n');
  return result;
}`,
  );
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
  writeFileSync(log, '');
  const result = await execa('node', ['--import', pathToFileURL(join(dir, 'register.mjs')).href, BIN, ...args], { cwd: dir, env, reject: false });
  expect(result.exitCode, result.stderr).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((url) => url.slice(url.indexOf('/dist/') + 1));
}

describe('start-up', () => {
  it.each([['--help'], ['--version'], ['add', '--help'], ['check', '-h'], ['adopt', '--help'], ['svc', '--name', 'x', '-v']])('%s loads nothing but the bin', async (...args) => {
    expect(await modulesLoaded(args)).toEqual(['dist/index.js']);
  });

  it('a scaffold without install loads neither the prompts nor the process runner', async () => {
    const loaded = await modulesLoaded(['svc', '--yes', '--no-install', '--no-git']);
    expect(loaded).toContain('dist/templates.js');
    const inputs = bundledInputs(loaded);
    expect(inputs.some((input) => input.startsWith('src/cli/create'))).toBe(true);
    expect(inputs.filter((input) => /node_modules\/(@clack|execa)\//.test(input))).toEqual([]);
  });

  it('a scaffold with its install and git runs them without execa (node:child_process)', async () => {
    const bin = fakeBin({ uv: 'case "$1" in\n  venv) mkdir -p .venv/bin ;;\nesac\n' });
    const loaded = await modulesLoaded(['svc', '--yes'], ciEnv({ PATH: `${bin}:${process.env.PATH}` }));
    const inputs = bundledInputs(loaded);
    expect(inputs).toEqual(expect.arrayContaining(['src/cli/install-step.ts', 'src/install/git.ts', 'src/install/process.ts']));
    expect(inputs.filter((input) => /node_modules\/(@clack|execa)\//.test(input))).toEqual([]);
  });
});

/**
 * The source modules bundled into the given output files, from the metafile the build writes
 * (scripts/build.mjs). Every loaded output must be in it, so a stale metafile fails.
 */
function bundledInputs(outputs: string[]): string[] {
  const meta = JSON.parse(readFileSync(join(REPO, '.cache', 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  return outputs
    .filter((path) => path !== 'dist/templates.js')
    .flatMap((path) => {
      const output = meta.outputs[path];
      if (output === undefined) throw new Error(`${path} is not in .cache/meta.json: rebuild`);
      return Object.keys(output.inputs);
    });
}
