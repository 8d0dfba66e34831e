import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ciEnv, cli, fakeBin, refused, tempDir } from './support.js';

// Which Python the install uses, found without a probe of our own when uv can name it. The fake
// commands record their calls next to themselves; PATH holds them, node and the few tools the
// fakes use, and nothing else (no real uv, python3 or git).
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

/** A fake uv whose `python find` runs `find`; venv and pip succeed. */
const uv = (find: string) => `echo "$*" >> "\${0%/*}/uv-calls"
case "$1" in
  --version) echo "uv 0.0.0" ;;
  python) ${find} ;;
  venv) mkdir -p .venv/bin ;;
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
const NONE_FOUND = 'echo "error: No interpreter found for Python >=3.10 in virtual environments, managed installations, or search path" >&2; exit 2';

const commandsRun = (project: string) =>
  readFileSync(join(project, '.bisslog', 'install.log'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('$ '));

describe('the interpreter of the install', () => {
  it.each([[[]], [['--installer', 'uv']]])('uv names it (%j): no probe of python3, and uv venv is given that one', async (flags) => {
    const bin = fakeBin({ uv: uv('echo /opt/python3.12/bin/python3.12'), python3: python3('3 12') });
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--no-git', ...flags], { cwd, env: ciEnv({ PATH: `${bin}:${tools}` }) });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('Installed dependencies with uv');
    expect(existsSync(join(bin, 'python3-ran'))).toBe(false);
    expect(readFileSync(join(bin, 'uv-calls'), 'utf8')).toMatch(/^python find >=3\.10$/m);
    expect(commandsRun(join(cwd, 'svc'))).toEqual([
      '$ uv venv --quiet --python /opt/python3.12/bin/python3.12 .venv',
      "$ uv pip install --python .venv/bin/python -e '.[dev]'",
    ]);
  });

  it.each([[[]], [['--installer', 'uv']]])('uv finds none and python3 is too old (%j): the clear error, nothing written', async (flags) => {
    const bin = fakeBin({ uv: uv(NONE_FOUND), python3: python3('3 8') });
    await refused(['svc', '--yes', '--no-git', ...flags], 1, /^error python3 is Python 3\.8; the service needs 3\.10\+ \(or pass --no-install\)$/, { PATH: `${bin}:${tools}` });
    expect(existsSync(join(bin, 'uv-calls'))).toBe(true);
  });

  it('uv finds none and there is no python3: the clear error, nothing written', async () => {
    const bin = fakeBin({ uv: uv(NONE_FOUND) });
    await refused(['svc', '--yes', '--no-git'], 1, /^error python3 was not found on PATH; install Python 3\.10\+ or pass --no-install$/, { PATH: `${bin}:${tools}` });
  });

  it('uv cannot tell, python3 is fine: uv venv is given the interpreter python3 runs', async () => {
    const bin = fakeBin({ uv: uv('exit 1'), python3: python3('3 12', '/opt/py/bin/python3.12') });
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--no-git'], { cwd, env: ciEnv({ PATH: `${bin}:${tools}` }) });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(commandsRun(join(cwd, 'svc'))[0]).toBe('$ uv venv --quiet --python /opt/py/bin/python3.12 .venv');
  });

  it('no uv: pip installs, with the python3 on PATH', async () => {
    const bin = fakeBin({ python3: python3('3 12') });
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--no-git'], { cwd, env: ciEnv({ PATH: `${bin}:${tools}` }) });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('Installed dependencies with pip');
    expect(commandsRun(join(cwd, 'svc'))[0]).toBe('$ python3 -m venv .venv');
  });

  it('no uv and --installer uv: refused before writing, whatever python3 is', async () => {
    const bin = fakeBin({ python3: python3('3 12') });
    await refused(['svc', '--yes', '--no-git', '--installer', 'uv'], 1, /^error --installer uv was given but uv is not on PATH; install uv or use --installer pip$/, { PATH: `${bin}:${tools}` });
  });

  it('--installer pip does not ask uv', async () => {
    const bin = fakeBin({ uv: uv('echo /opt/python3.12/bin/python3.12'), python3: python3('3 12') });
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--no-git', '--installer', 'pip'], { cwd, env: ciEnv({ PATH: `${bin}:${tools}` }) });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(join(bin, 'uv-calls'))).toBe(false);
    expect(commandsRun(join(cwd, 'svc'))[0]).toBe('$ python3 -m venv .venv');
  });
});
