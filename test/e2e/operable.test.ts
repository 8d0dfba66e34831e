import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type ResultPromise, execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, cli, freePort, tempDir, venv } from './support.js';

/**
 * An operable service end to end: a project with every entry point and the MongoDB adapter
 * passes its tests; Flask and uvicorn answer /health and /ready, echo X-Request-Id and log
 * that id as JSON; with MongoDB stopped, /ready and the routes answer 503. The test starts a
 * MongoDB wire server of its own (scripts/ci/mongo-wire.sh) so that it may stop it; it runs
 * where CI's MONGO_URL says such a server can run.
 */
const MONGO_WIRE = join(REPO, 'scripts', 'ci', 'mongo-wire.sh');
const USE_CASES = 'create_order,get_order,list_orders';

interface Server {
  name: string;
  base: string;
  child: ResultPromise<{ all: false; reject: false }>;
}

async function waitFor(url: string, child: Server['child']): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill();
        const { stdout, stderr } = await child;
        throw new Error(`server did not answer on ${url}:\n${stdout}\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, json: (await response.json()) as any, id: response.headers.get('x-request-id') };
}

describe.skipIf(!process.env.MONGO_URL?.trim())('an operable service: logs, request ids, health and readiness', () => {
  let project: string;
  let mongoPort: number;
  let mongoUrl: string;
  let mongoRunning = false;
  const servers: Server[] = [];
  const logs = new Map<string, string>();
  const database = `e2e_${randomUUID().replaceAll('-', '')}`;

  const stopMongo = async () => {
    if (mongoRunning) await execa(MONGO_WIRE, ['stop', String(mongoPort)], { reject: false });
    mongoRunning = false;
  };

  beforeAll(async () => {
    project = join(tempDir('cbs-operable-'), 'order-service');
    const result = await cli([project, '--yes', '--no-git', '--entry', 'flask,fastapi,lambda', '--adapter', 'mongo', '--use-case', USE_CASES]);
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
    mongoPort = await freePort();
    mongoUrl = (await execa(MONGO_WIRE, ['start', String(mongoPort)])).stdout.trim();
    mongoRunning = true;
  }, 300_000);

  afterAll(async () => {
    for (const server of servers) server.child.kill();
    await Promise.all(servers.map((server) => server.child));
    await stopMongo();
  });

  it('passes its own tests against MongoDB, none skipped, with ruff clean', { timeout: 240_000 }, async () => {
    const tests = await venv(project, 'pytest', ['-p', 'no:cacheprovider', '-q', '-rs'], { MONGO_URL: mongoUrl });
    expect(tests.exitCode, tests.all).toBe(0);
    expect(tests.all).not.toMatch(/\bskipped\b/);
    for (const args of [['check', '.'], ['format', '--check', '.']]) {
      const ruff = await venv(project, 'ruff', args);
      expect(ruff.exitCode, ruff.all).toBe(0);
    }
  });

  it('serves /health and /ready, echoes X-Request-Id and logs it as JSON on Flask and uvicorn', { timeout: 120_000 }, async () => {
    const env = { ...process.env, ADAPTER: 'mongo', MONGO_URL: mongoUrl, MONGO_DB: database, LOG_FORMAT: 'json' };
    for (const [name, command, args] of [
      ['flask', 'flask', ['--app', 'src.infra.entry_points.flask.app', 'run', '--port']],
      ['uvicorn', 'uvicorn', ['src.infra.entry_points.fastapi.app:app', '--port']],
    ] as const) {
      const port = await freePort();
      const child = execa(join(project, '.venv', 'bin', command), [...args, String(port)], { cwd: project, env, reject: false });
      const server = { name, base: `http://127.0.0.1:${port}`, child };
      servers.push(server);
      await waitFor(`${server.base}/health`, child);
    }

    for (const { name, base } of servers) {
      expect(await get(`${base}/health`)).toMatchObject({ status: 200, json: { status: 'ok' } });
      const ready = await get(`${base}/ready`);
      expect(ready.status, name).toBe(200);
      expect(ready.json).toEqual({ status: 'ready', ports: { orders: { adapter: 'mongo', ready: true } } });

      const created = await fetch(`${base}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': `e2e-${name}-1` },
        body: JSON.stringify({ name: 'pen' }),
      });
      expect(created.status, name).toBe(201);
      expect(created.headers.get('x-request-id')).toBe(`e2e-${name}-1`);
      const traced = await get(`${base}/orders`, { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
      expect(traced.id).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect((await get(`${base}/orders`)).id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('answers 503 on /ready and on the routes once MongoDB stops, naming the port, leaking nothing', { timeout: 120_000 }, async () => {
    expect(servers).toHaveLength(2);
    await stopMongo();
    for (const { name, base } of servers) {
      const ready = await get(`${base}/ready`, { 'x-request-id': `e2e-${name}-ready` });
      expect(ready.status, name).toBe(503);
      expect(ready.json).toMatchObject({ error: 'not-ready', message: 'not ready: orders (mongo)', ports: { orders: { adapter: 'mongo', ready: false } } });
      const listed = await get(`${base}/orders`);
      expect(listed.status, name).toBe(503);
      expect(listed.json).toEqual({ error: 'backend-unavailable', message: 'a backend the service needs is unavailable; retry later' });
    }
    for (const server of servers) {
      server.child.kill();
      const { stderr } = await server.child;
      logs.set(server.name, stderr);
    }
  });

  it('logs one JSON object per line, the request id on the lines of its request', () => {
    for (const [name, stderr] of logs) {
      const lines = stderr.split('\n').filter((line) => line.trim() !== '');
      const parsed = lines.map((line) => {
        try {
          return JSON.parse(line) as Record<string, string>;
        } catch {
          throw new Error(`${name}: not a JSON line: ${line}`);
        }
      });
      for (const line of parsed) expect(Object.keys(line).slice(0, 6)).toEqual(['time', 'level', 'logger', 'transaction_id', 'checkpoint_id', 'message']);
      const mine = parsed.filter((line) => line.transaction_id === `e2e-${name}-1`);
      // The use case's bisslog tracer line, and the request's own line.
      expect(mine.map((line) => line.checkpoint_id), stderr).toContain('order-saved');
      expect(mine.some((line) => String(line.message).startsWith('POST /orders 201')), stderr).toBe(true);
      const notReady = parsed.filter((line) => line.transaction_id === `e2e-${name}-ready`);
      expect(notReady.some((line) => line.level === 'WARNING' && String(line.message).includes('mongo backend did not answer')), stderr).toBe(true);
      console.log(`${name}: ${JSON.stringify(mine.find((line) => line.checkpoint_id === 'order-saved'))}`);
    }
  });
});
