import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, PYTEST_ENV, callJson, cli, copyProject, freePort, hasUv, startServer, tempDir, venv } from './support.js';

/**
 * The README's quick start: defaults only, real install from PyPI, then the project's own checks.
 * The tests only read the project; the one that changes it works on a copy.
 */
describe('npm create bisslog-service svc -- --yes', () => {
  let project = '';
  let output = '';

  beforeAll(async () => {
    const cwd = tempDir();
    const started = Date.now();
    const result = await cli(['svc', '--yes'], { cwd });
    output = `${result.stdout}\n${result.stderr}`;
    expect(result.exitCode, output).toBe(0);
    console.info(`scaffold + install: ${((Date.now() - started) / 1000).toFixed(1)}s`);
    project = join(cwd, 'svc');
  });

  it('installs with uv when it is on PATH, and says so', async () => {
    expect(output).toContain(`Installed dependencies with ${(await hasUv()) ? 'uv' : 'pip'}`);
    expect(readFileSync(join(project, '.bisslog', 'install.log'), 'utf8')).toContain('$ ');
  });

  // Its pytest includes schemathesis fuzzing the app in process: minutes on a busy machine.
  it("passes its own pytest, ruff check and ruff format", { timeout: 400_000 }, async () => {
    const tests = await venv(project, 'pytest', ['-q', '-p', 'no:cacheprovider'], PYTEST_ENV);
    expect(tests.exitCode, tests.all).toBe(0);
    expect(tests.all).toMatch(/\d+ passed/);
    expect(tests.all).not.toMatch(/failed|error/);
    // The SQL contract tests run on PostgreSQL too when there is one, as in CI.
    if (POSTGRES_URL) expect(tests.all).not.toMatch(/skipped/);
    const lint = await venv(project, 'ruff', ['check', '--no-cache', '.']);
    expect(lint.exitCode, lint.all).toBe(0);
    const format = await venv(project, 'ruff', ['format', '--check', '--no-cache', '.']);
    expect(format.exitCode, format.all).toBe(0);
  });

  it("metadata.yml passes bisslog-schema's own analyzer", async () => {
    const report = await venv(project, 'bisslog_schema', ['analyze_metadata', 'metadata.yml']);
    expect(report.exitCode, report.all).toBe(0);
    expect(report.all).toMatch(/Found 0 errors/);
  });

  it("the README's add use-case example works as written", { timeout: 400_000 }, async () => {
    const readme = readFileSync(join(project, 'README.md'), 'utf8');
    const line = readme.split('\n').find((l) => l.startsWith('npx create-bisslog-service add use-case '))!;
    const words = line.replace('npx create-bisslog-service ', '').match(/'[^']*'|\S+/g)!.map((w) => w.replace(/^'|'$/g, ''));
    // On a copy: the other tests see the project as generated, whatever order they run in.
    const copy = copyProject(project);
    const added = await cli(words, { cwd: copy });
    expect(added.exitCode, added.stderr).toBe(0);
    const tests = await venv(copy, 'pytest', ['-q', '-p', 'no:cacheprovider']);
    expect(tests.exitCode, tests.all).toBe(0);
  });

  it('commits the project to a new git repository', async () => {
    const status = await execa('git', ['status', '--porcelain'], { cwd: project });
    expect(status.stdout).toBe('');
  });

  it('serves the metadata routes with Flask, started as the README says', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(project, 'flask', ['--app', 'src.infra.entry_points.flask.app', 'run', '--port', String(port)], `${base}/items/none`);
    try {
      const created = await callJson('POST', `${base}/items`, { name: 'pen' });
      expect(created.status).toBe(201);
      const id = (created.json as { id: string }).id;
      expect(await callJson('GET', `${base}/items/${id}`)).toEqual({ status: 200, json: { id, name: 'pen' } });
      expect(await callJson('GET', `${base}/items/nope`)).toEqual({
        status: 404,
        json: { error: 'item-not-found', message: 'nope was not found' },
      });
      expect((await callJson('POST', `${base}/items`, {})).status).toBe(400);
    } finally {
      await server.stop();
    }
  });
});
