import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir, venv } from './support.js';

/**
 * Each entry point alone (the combined project is in entry-points.test.ts, Flask alone in
 * default-project.test.ts): installed for real, and its own tests and linters pass.
 */
describe.each([
  ['fastapi', 'memory'],
  ['lambda', 'memory'],
  ['fastapi', 'mongo'],
])('a project with only --entry %s (adapters: %s)', (entry, adapter) => {
  it('installs and passes its pytest, ruff check and ruff format', async () => {
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--no-git', '--entry', entry, '--adapter', adapter, '--use-case', 'create_order,get_order,list_orders'], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const project = join(cwd, 'svc');
    const tests = await venv(project, 'pytest', ['-q', '-p', 'no:cacheprovider']);
    expect(tests.exitCode, tests.all).toBe(0);
    expect(tests.all).toMatch(/\d+ passed/);
    for (const args of [['check', '--no-cache', '.'], ['format', '--check', '--no-cache', '.']]) {
      const lint = await venv(project, 'ruff', args);
      expect(lint.exitCode, lint.all).toBe(0);
    }
    const check = await cli(['check'], { cwd: project });
    expect(check.exitCode, check.stderr).toBe(0);
  }, 400_000);
});
