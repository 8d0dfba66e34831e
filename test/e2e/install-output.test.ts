import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciEnv, cli, fakeBin, tempDir } from './support.js';

const PIP_OUTPUT = [
  'Looking in indexes: https://pypi.org/simple',
  'Obtaining file:///svc',
  'ERROR: Could not find a version that satisfies the requirement bisslog-flask>=0.0.3 (from svc) (from versions: none)',
  'ERROR: No matching distribution found for bisslog-flask>=0.0.3',
  '[notice] A new release of pip is available: 23.0 -> 25.0',
  '[notice] To update, run: pip install --upgrade pip',
];

// The venv's python prints what pip prints when a requirement cannot be found, and fails.
const fakeVenvPython = `printf '%s\\n' ${PIP_OUTPUT.map((line) => `'${line}'`).join(' ')}\nexit 1\n`;

describe('a failed install shows the lines that say why', () => {
  it("pip: its ERROR: lines, not its last lines; exit 3 and the project is kept", async () => {
    const bin = fakeBin({
      python3: `case "$1" in
  -c) echo "3 12 $0" ;;
  -m) mkdir -p .venv/bin; cat > .venv/bin/python <<'PY'
#!/bin/sh
${fakeVenvPython}PY
chmod +x .venv/bin/python ;;
esac
`,
    });
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--no-git', '--installer', 'pip'], { cwd, env: ciEnv({ PATH: `${bin}:${process.env.PATH}` }) });
    expect(result.exitCode, result.stderr).toBe(3);
    const shown = result.stderr.split('\n').filter((line) => line.startsWith('  | ')).map((line) => line.slice(4));
    expect(shown).toEqual([PIP_OUTPUT[2], PIP_OUTPUT[3]]);
    expect(existsSync(join(cwd, 'svc', 'metadata.yml'))).toBe(true);
  });

  it("uv: its error block, from the × line on", async () => {
    const bin = fakeBin({
      uv: `case "$1" in
  --version) echo "uv 0.0.0" ;;
  venv) mkdir -p .venv/bin ;;
  pip) echo "Resolved 12 packages in 3ms"; echo "  × No solution found when resolving dependencies:"; echo "  ╰─▶ Because flask>=99 was not found in the package registry, your requirements are unsatisfiable." >&2; exit 1 ;;
esac
`,
    });
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--no-git'], { cwd, env: ciEnv({ PATH: `${bin}:${process.env.PATH}` }) });
    expect(result.exitCode, result.stderr).toBe(3);
    const shown = result.stderr.split('\n').filter((line) => line.startsWith('  | ')).map((line) => line.slice(4));
    expect(shown).toEqual([
      '  × No solution found when resolving dependencies:',
      '  ╰─▶ Because flask>=99 was not found in the package registry, your requirements are unsatisfiable.',
    ]);
    expect(result.stderr).toMatch(/retry: {4}cd svc && uv venv/);
  });
});
