import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, callJson, cli, freePort, startServer, tempDir, venv } from './support.js';

/**
 * The MongoDB adapter against a real wire-protocol server. CI starts one with
 * scripts/ci/mongo-wire.sh and exports MONGO_URL; without it this file is skipped.
 */
const MONGO_URL = process.env.MONGO_URL?.trim() ?? '';
const FLASK_APP = 'src.infra.entry_points.flask.app';
const USE_CASES = 'create_order,get_order,list_orders,update_order,delete_order';

/** Runs a snippet with the project's Python (pymongo is installed there). */
function python(project: string, code: string, env: Record<string, string>) {
  return venv(project, 'python', ['-c', code], env);
}

describe.skipIf(MONGO_URL === '')('mongo adapter against a real server (MONGO_URL)', () => {
  let project: string;
  const database = `e2e_${randomUUID().replaceAll('-', '')}`;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    project = join(tempDir('cbs-mongo-'), 'order-service');
    // With install: the real CLI creates .venv and installs pymongo and bisslog-pymongo from PyPI.
    const result = await cli([project, '--yes', '--no-git', '--adapter', 'mongo', '--use-case', USE_CASES]);
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
  });

  afterAll(async () => {
    await server?.stop();
    if (project) {
      await python(project, 'import os, pymongo; pymongo.MongoClient(os.environ["MONGO_URL"]).drop_database(os.environ["MONGO_DB"])', {
        MONGO_URL,
        MONGO_DB: database,
      });
    }
  });

  it('passes every port contract test on MongoDB, none skipped', { timeout: 180_000 }, async () => {
    const run = await venv(project, 'pytest', ['-p', 'no:cacheprovider', '-rA', 'tests/adapters'], { MONGO_URL });
    expect(run.exitCode, run.all).toBe(0);
    const passed = (adapter: string) =>
      [...run.all.matchAll(/^PASSED tests\/adapters\/test_orders_contract\.py::(\S+)$/gm)].filter(([, id]) =>
        new RegExp(`\\[(.+-)?${adapter}(-.+)?\\]$`).test(id!),
      ).length;
    expect(passed('memory')).toBeGreaterThan(0);
    expect(passed('mongo'), run.all).toBe(passed('memory'));
    expect(run.all).not.toMatch(/SKIPPED.*MONGO_URL/);
    expect(run.all).toMatch(/PASSED tests\/adapters\/test_mongo_settings\.py::test_unreachable_server/);
  });

  it('passes the whole generated suite, lint and format', { timeout: 400_000 }, async () => {
    const tests = await venv(project, 'pytest', ['-p', 'no:cacheprovider', '-q'], { MONGO_URL });
    expect(tests.exitCode, tests.all).toBe(0);
    expect(tests.all).not.toMatch(/\bskipped\b/);
    const lint = await venv(project, 'ruff', ['check', '.']);
    expect(lint.exitCode, lint.all).toBe(0);
    const format = await venv(project, 'ruff', ['format', '--check', '.']);
    expect(format.exitCode, format.all).toBe(0);
  });

  it('serves POST and GET from MongoDB with ADAPTER=mongo', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = { ADAPTER: 'mongo', MONGO_URL, MONGO_DB: database };
    server = await startServer(project, 'flask', ['--app', FLASK_APP, 'run', '--port', String(port)], `${base}/orders`, env);

    const created = await callJson('POST', `${base}/orders`, { name: 'pen', tags: ['a'] });
    expect(created.status).toBe(201);
    const record = created.json as { id: string; name: string };
    expect(record).toEqual({ id: expect.any(String), name: 'pen', tags: ['a'] });

    expect(await callJson('GET', `${base}/orders/${record.id}`)).toEqual({ status: 200, json: record });
    expect((await callJson('GET', `${base}/orders/missing`)).status).toBe(404);

    // The record is in MongoDB, not in a process-local adapter.
    const stored = await python(
      project,
      'import os, pymongo; print(pymongo.MongoClient(os.environ["MONGO_URL"])[os.environ["MONGO_DB"]]["orders"].find_one({"_id": os.environ["ID"]})["name"])',
      { ...env, ID: record.id },
    );
    expect(stored.exitCode, stored.all).toBe(0);
    expect(stored.stdout.trim()).toBe('pen');
  });

  it('refuses to start when the server is unreachable, with one line naming MONGO_URL', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const run = await execa(join(project, '.venv', 'bin', 'flask'), ['--app', FLASK_APP, 'run', '--port', String(port)], {
      cwd: project,
      reject: false,
      all: true,
      // Bounded: a regression that starts the server anyway must fail, not hang.
      timeout: 40_000,
      env: { ...process.env, ADAPTER: 'mongo', MONGO_URL: 'mongodb://127.0.0.1:1', MONGO_DB: database },
    });
    expect(run.timedOut, run.all).toBe(false);
    expect(run.exitCode).not.toBe(0);
    const lines = run.all.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^src\.infra\.settings\.SettingsError: MONGO_URL: no MongoDB server answered at 127\.0\.0\.1:1 within \d+ ms/);
  });
});
