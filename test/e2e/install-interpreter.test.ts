import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ciEnv, cli, fakeBin, refused, tempDir } from './support.js';

// Which Python the install uses: with uv, the one `uv venv` picks (no probe of ours); with pip,
// the python3 on PATH. The fake commands record their calls next to themselves; PATH holds them,
// node and the few tools the fakes use, and nothing else (no real uv, python3 or git).
let tools = '';
beforeAll(() => {
  tools = tempDir('cbs-tools-');
  symlinkSync(process.execPath, join(tools, 'node'));
  for (const tool of ['mkdir', 'chmod']) {
    const found = ['/usr/bin', '/bin'].map((dir) => join(dir, tool)).find((path) => existsSync(path));
    if (found === undefined) throw new Error(`${tool} is not in /usr/bin or /bin`);
    symlinkSync(found, join(tools, tool));
  }
});

/** A fake uv whose `venv` runs `venv`; pip succeeds. */
const uv = (venv = 'mkdir -p .venv/bin') => `echo "$*" >> "\${0%/*}/uv-calls"
case "$1" in
  --version) echo "uv 0.0.0" ;;
  venv) ${venv} ;;
  pip) exit 0 ;;
esac
`;
/** A fake python3 of the given version that leaves a mark when it runs. */
const python3 = (version: string, executable = '$0') => `: > "\${0%/*}/python3-ran"
case "$1" in
  -c) echo "${version} ${executable}" ;;
  -m) mkdir -p .venv/bin; printf '#!/bin/sh\\nexit 0\\n' > .venv/bin/python; chmod +x .venv/bin/python ;;
esac
`;
// What uv 0.13 says when no interpreter meets the project's requires-python and it may not fetch one.
const NONE_FOUND = `echo "error: No interpreter found for Python >=3.10 in managed installations or search path" >&2
echo "" >&2
echo "hint: A managed Python download is available for Python >=3.10, but Python downloads are set to 'never'" >&2
exit 2`;

const commandsRun = (project: string) =>
  readFileSync(join(project, '.bisslog', 'install.log'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('$ '));

describe('the interpreter of the install', () => {
  it.each([[[]], [['--installer', 'uv']]])('with uv (%j): no probe of python3; uv venv picks and checks it, as typed by hand', async (flags) => {
    const bin = fakeBin({ uv: uv(), python3: python3('3 12') });
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--no-git', ...flags], { cwd, env: ciEnv({ PATH: `${bin}:${tools}` }) });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('Installed dependencies with uv');
    expect(existsSync(join(bin, 'python3-ran'))).toBe(false);
    expect(commandsRun(join(cwd, 'svc'))).toEqual(['$ uv venv --quiet .venv', "$ uv pip install --python .venv/bin/python -e '.[dev]'"]);
  });

  it.each([
    ['is too old', { python3: python3('3 8') }, 'python3 is Python 3.8'],
    ['is missing', {}, 'python3 was not found on PATH'],
    ['does not work', { python3: 'exit 1\n' }, 'python3 on PATH does not work'],
  ])('with uv, no interpreter and python3 %s: the clear error, the project kept, exit 3', async (_, scripts, found) => {
    const bin = fakeBin({ uv: uv(NONE_FOUND), ...scripts });
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--no-git'], { cwd, env: ciEnv({ PATH: `${bin}:${tools}` }) });
    expect(result.exitCode, result.stderr).toBe(3);
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe(
      `error install failed: uv found no Python 3.10+ (${found}); install Python 3.10+, or let uv fetch one with \`uv python install\`, and retry; the project is kept`,
    );
    expect(lines).toContain('  | error: No interpreter found for Python >=3.10 in managed installations or search path');
    expect(result.stderr).toMatch(/retry: {4}cd svc && uv venv --quiet \.venv && uv pip install/);
    expect(existsSync(join(cwd, 'svc', 'metadata.yml'))).toBe(true);
  });

  it('with uv, another failure of uv venv keeps its own headline', async () => {
    const bin = fakeBin({ uv: uv('echo "error: Permission denied (os error 13)" >&2; exit 2'), python3: python3('3 8') });
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--no-git'], { cwd, env: ciEnv({ PATH: `${bin}:${tools}` }) });
    expect(result.exitCode, result.stderr).toBe(3);
    expect(result.stderr.split('\n')[0]).toBe('error install failed: uv exited with 2; the project is kept');
    expect(existsSync(join(bin, 'python3-ran'))).toBe(false);
  });

  it('no uv: pip installs, with the python3 on PATH', async () => {
    const bin = fakeBin({ python3: python3('3 12') });
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--no-git'], { cwd, env: ciEnv({ PATH: `${bin}:${tools}` }) });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('Installed dependencies with pip');
    expect(commandsRun(join(cwd, 'svc'))[0]).toBe('$ python3 -m venv .venv');
  });

  it('no uv and a Python too old: refused before writing', async () => {
    const bin = fakeBin({ python3: python3('3 8') });
    await refused(['svc', '--yes', '--no-git'], 1, /^error python3 is Python 3\.8; the service needs 3\.10\+ \(or pass --no-install\)$/, { PATH: `${bin}:${tools}` });
  });

  it('no uv and --installer uv: refused before writing', async () => {
    const bin = fakeBin({ python3: python3('3 12') });
    await refused(['svc', '--yes', '--no-git', '--installer', 'uv'], 1, /^error --installer uv was given but uv is not on PATH; install uv or use --installer pip$/, { PATH: `${bin}:${tools}` });
  });

  it('--installer pip does not ask uv, and probes python3', async () => {
    const bin = fakeBin({ uv: uv(), python3: python3('3 12') });
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--no-git', '--installer', 'pip'], { cwd, env: ciEnv({ PATH: `${bin}:${tools}` }) });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(join(bin, 'uv-calls'))).toBe(false);
    expect(existsSync(join(bin, 'python3-ran'))).toBe(true);
    expect(commandsRun(join(cwd, 'svc'))[0]).toBe('$ python3 -m venv .venv');
  });
});
