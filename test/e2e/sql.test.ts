import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callJson, cli, freePort, startServer, tempDir, venv } from './support.js';

/**
 * The default project's database: the `--yes` project served by several gunicorn workers reads
 * back every item it created and keeps them across a restart, on SQLite (no server, always) and
 * on PostgreSQL (when POSTGRES_URL names one; .ci/run starts one with scripts/ci/postgres.sh).
 */
const POSTGRES_URL = process.env.POSTGRES_URL?.trim() ?? '';
const FLASK_APP = 'src.infra.entry_points.flask.app:app';
const ITEMS = 120;
const WORKERS = '3';

type Env = Record<string, string>;
const RUN_SQL = [
  'import os, sqlalchemy',
  'with sqlalchemy.create_engine(os.environ["URL"]).begin() as connection:',
  '    result = connection.execute(sqlalchemy.text(os.environ["SQL"]))',
  '    print(result.scalar() if result.returns_rows else "")',
].join('\n');

async function serve(project: string, env: Env) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(project, 'gunicorn', ['-w', WORKERS, '--bind', `127.0.0.1:${port}`, FLASK_APP], `${base}/items/none`, env);
  return { base, server };
}

/** Creates ITEMS items, a few requests at a time so that every worker takes some. */
async function createItems(base: string): Promise<Array<{ id: string; name: string }>> {
  const created: Array<{ id: string; name: string }> = [];
  for (let start = 0; start < ITEMS; start += 8) {
    const batch = Array.from({ length: Math.min(8, ITEMS - start) }, (_, i) => callJson('POST', `${base}/items`, { name: `item ${start + i}` }));
    for (const reply of await Promise.all(batch)) {
      expect(reply.status).toBe(201);
      created.push(reply.json as { id: string; name: string });
    }
  }
  return created;
}

/** How many of `items` GET returns exactly as created. */
async function readBack(base: string, items: Array<{ id: string; name: string }>): Promise<number> {
  const replies = await Promise.all(items.map((item) => callJson('GET', `${base}/items/${item.id}`)));
  return replies.filter((reply, i) => reply.status === 200 && JSON.stringify(reply.json) === JSON.stringify(items[i])).length;
}

/** Serves, creates, reads back; restarts and reads back again. Returns both counts. */
async function createRestartRead(project: string, env: Env): Promise<[number, number]> {
  let { base, server } = await serve(project, env);
  let items: Array<{ id: string; name: string }> = [];
  let before = 0;
  try {
    items = await createItems(base);
    before = await readBack(base, items);
  } finally {
    await server.stop();
  }
  ({ base, server } = await serve(project, env));
  try {
    return [before, await readBack(base, items)];
  } finally {
    await server.stop();
  }
}

describe('the --yes project on its database: SQLite under var/ by default, PostgreSQL through DATABASE_URL', () => {
  let project = '';

  beforeAll(async () => {
    const cwd = tempDir('cbs-sql-');
    const result = await cli(['svc', '--yes'], { cwd });
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
    project = join(cwd, 'svc');
  });

  it(`under gunicorn -w ${WORKERS} reads back every item it created, and after a restart`, { timeout: 120_000 }, async () => {
    const [before, after] = await createRestartRead(project, {});
    console.info(`SQLite, gunicorn -w ${WORKERS}: ${before} of ${ITEMS} read back; after a restart ${after} of ${ITEMS}`);
    expect([before, after]).toEqual([ITEMS, ITEMS]);
    // Created on first start, and ignored by git: the first commit's tree is still clean.
    expect(existsSync(join(project, 'var', 'app.db'))).toBe(true);
    expect((await execa('git', ['status', '--porcelain'], { cwd: project })).stdout).toBe('');
  });

  it('ADAPTER=memory still serves, and each worker warns once that its data is its own', { timeout: 60_000 }, async () => {
    const { base, server } = await serve(project, { ADAPTER: 'memory' });
    let logs = '';
    let read = 0;
    try {
      read = await readBack(base, await createItems(base));
    } finally {
      logs = await server.stop();
    }
    console.info(`memory, gunicorn -w ${WORKERS}: ${read} of ${ITEMS} read back (each worker has its own records)`);
    const warnings = logs.split('\n').filter((line) => line.includes('memory adapter (ports items): data is per process and lost on restart'));
    expect(warnings.length, logs).toBe(Number(WORKERS));
  });

  describe.skipIf(POSTGRES_URL === '')('the same adapter on PostgreSQL (POSTGRES_URL)', () => {
    const schema = `e2e_${randomUUID().replaceAll('-', '')}`;
    /** Runs one statement on POSTGRES_URL with the project's SQLAlchemy; prints a scalar result. */
    const sql = (statement: string) => venv(project, 'python', ['-c', RUN_SQL], { URL: POSTGRES_URL, SQL: statement });

    beforeAll(async () => {
      const created = await sql(`CREATE SCHEMA ${schema}`);
      expect(created.exitCode, created.all).toBe(0);
    });

    afterAll(async () => {
      await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    });

    it('passes every port contract test on SQLite and on PostgreSQL, none skipped', { timeout: 180_000 }, async () => {
      const run = await venv(project, 'pytest', ['-p', 'no:cacheprovider', '-rA', 'tests'], { DATABASE_URL: POSTGRES_URL });
      expect(run.exitCode, run.all).toBe(0);
      const passed = (backend: string) =>
        [...run.all.matchAll(/^PASSED tests\/adapters\/test_items_contract\.py::(\S+)$/gm)].filter(([, id]) =>
          new RegExp(`\\[(.+-)?${backend}(-.+)?\\]$`).test(id!),
        ).length;
      const counts = { memory: passed('memory'), sqlite: passed('sql-sqlite'), postgresql: passed('sql-postgresql') };
      console.info(`contract tests passed: ${JSON.stringify(counts)}`);
      expect(counts.memory).toBeGreaterThan(0);
      expect(counts).toEqual({ memory: counts.memory, sqlite: counts.memory, postgresql: counts.memory });
      expect(run.all).not.toMatch(/\bSKIPPED\b|\bskipped\b/);
    });

    it(`under gunicorn -w ${WORKERS} reads back every item it created, and after a restart`, { timeout: 120_000 }, async () => {
      const url = `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}options=-csearch_path%3D${schema}`;
      const [before, after] = await createRestartRead(project, { DATABASE_URL: url });
      console.info(`PostgreSQL, gunicorn -w ${WORKERS}: ${before} of ${ITEMS} read back; after a restart ${after} of ${ITEMS}`);
      expect([before, after]).toEqual([ITEMS, ITEMS]);
      const stored = await sql(`SELECT count(*) FROM ${schema}.items`);
      expect(stored.stdout.trim(), stored.all).toBe(String(ITEMS));
    });
  });
});
