import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { PYTEST_ENV, callHttp, callJson, cli, freePort, startServer, tempDir, venv } from './support.js';

/**
 * One project with every entry point, installed for real from PyPI: its own checks, Flask and
 * FastAPI served as the README says, and the Lambda router invoked with real event shapes.
 */
const USE_CASES = 'create_order,get_order,list_orders,update_order,delete_order,approve_order,send_invoice';
const SLUG = 'shop';

/** The README's development command for `bin`, with `--port` moved to `port`. */
function readmeCommand(project: string, bin: string, port: number): string[] {
  const readme = readFileSync(join(project, 'README.md'), 'utf8');
  const line = readme.split('\n').find((l) => l.startsWith(`.venv/bin/${bin} `) && !l.includes('# production'));
  expect(line, `README has no .venv/bin/${bin} dev command:\n${readme}`).toBeDefined();
  const args = line!.trim().split(/\s+/).slice(1);
  const at = args.indexOf('--port');
  expect(at, line).toBeGreaterThan(-1);
  args[at + 1] = String(port);
  return args;
}

const call = callHttp;

/** A database of its own for each server, so every run starts with no orders. */
const freshDatabase = () => ({ DATABASE_URL: `sqlite:///${join(tempDir('cbs-db-'), 'app.db')}` });

/**
 * Every route of metadata.yml over real HTTP: create 201 with Location, a page with its cursor,
 * actions that keep the id and never add a record, a command 202, JSON 404/405/400 errors.
 */
async function exerciseRoutes(base: string): Promise<void> {
  const created = await call('POST', `${base}/orders`, { name: 'pen' });
  expect(created.status).toBe(201);
  const order = created.json as { id: string; name: string };
  expect(order).toEqual({ id: expect.any(String), name: 'pen' });
  expect(created.headers.get('location')).toBe(`/orders/${order.id}`);
  expect(await call('GET', `${base}/orders/${order.id}`)).toMatchObject({ status: 200, json: order });
  const cup = (await call('POST', `${base}/orders`, { name: 'cup' })).json;

  const first = await call('GET', `${base}/orders?limit=1`);
  expect(first).toMatchObject({ status: 200, json: { items: [order], next: order.id } });
  expect((await call('GET', `${base}/orders?limit=1&after=${order.id}`)).json).toEqual({ items: [cup], next: null });

  const approved = await call('POST', `${base}/orders/${order.id}/approve`, { note: 'ok' });
  expect(approved).toMatchObject({ status: 200, json: { ...order, status: 'approved', status_note: 'ok' } });
  const cancelled = await call('POST', `${base}/orders/${order.id}/cancel`, {});
  expect(cancelled).toMatchObject({ status: 200, json: { id: order.id, status: 'cancelled' } });
  expect(await call('POST', `${base}/orders/missing/approve`, {})).toMatchObject({ status: 404, json: { error: 'order-not-found' } });
  expect(await call('POST', `${base}/orders/${order.id}/approve`, { note: 5 })).toMatchObject({ status: 400, json: { error: 'invalid-order' } });
  const archived = await call('POST', `${base}/orders/archive`, { name: 'spring', description: 'before 2026' });
  expect(archived).toMatchObject({ status: 202, json: { id: expect.any(String), name: 'spring', description: 'before 2026' } });
  const invoice = await call('POST', `${base}/send-invoice`, { name: 'invoice 7', tags: ['q1'] });
  expect(invoice).toMatchObject({ status: 202, json: { id: expect.any(String), name: 'invoice 7', tags: ['q1'] } });
  // Actions changed the order in place and commands recorded elsewhere: still two orders.
  expect(((await call('GET', `${base}/orders`)).json.items as unknown[]).length).toBe(2);

  expect(await call('PUT', `${base}/orders/${cup.id}`, { description: 'red' })).toMatchObject({ status: 200, json: { ...cup, description: 'red' } });
  // The declared input decides, and the message names the field.
  expect(await call('PUT', `${base}/orders/${cup.id}`, { colour: 'red' })).toMatchObject({
    status: 400,
    json: { error: 'invalid-order', message: 'colour is not a known field' },
  });
  expect(await call('DELETE', `${base}/orders/${cup.id}`)).toMatchObject({ status: 200, json: { deleted: cup.id } });
  expect(await call('GET', `${base}/orders/${cup.id}`)).toMatchObject({
    status: 404,
    json: { error: 'order-not-found', message: `${cup.id} was not found` },
  });
  expect(await call('POST', `${base}/orders`, {})).toMatchObject({
    status: 400,
    json: { error: 'invalid-order', message: 'name is required' },
  });
  expect(await call('POST', `${base}/orders`, [])).toMatchObject({ status: 400, json: { error: 'invalid-json' } });
  expect(await call('POST', `${base}/orders`, { 'a.b': 1 })).toMatchObject({ status: 400, json: { error: 'invalid-order' } });
  expect(await call('GET', `${base}/orders?limit=many`)).toMatchObject({ status: 400, json: { error: 'invalid-limit' } });
  const malformed = await fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
  expect([malformed.status, ((await malformed.json()) as { error: string }).error]).toEqual([400, 'invalid-json']);
  expect(await call('GET', `${base}/no-such-route`)).toMatchObject({ status: 404, json: { error: 'route-not-found' } });
  const wrong = await call('PATCH', `${base}/orders`);
  expect(wrong).toMatchObject({ status: 405, json: { error: 'method-not-allowed' } });
  expect(wrong.headers.get('allow')?.split(/,\s*/)).toEqual(expect.arrayContaining(['GET', 'POST']));
}

async function expectPortClosed(base: string): Promise<void> {
  await expect(fetch(`${base}/orders`)).rejects.toThrow();
}

describe('a project with Flask, FastAPI and AWS Lambda entry points', () => {
  let project = '';
  /** What `export openapi --output` wrote: the contract both servers must serve. */
  let exportedFile = '';
  let exported: unknown;

  beforeAll(async () => {
    const started = Date.now();
    project = join(tempDir('cbs-entry-'), SLUG);
    const result = await cli([project, '--yes', '--no-git', '--entry', 'flask,fastapi,lambda', '--use-case', USE_CASES]);
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
    // The two domain actions of the README: an action on an entity path, and a command.
    const cancel = await cli(['add', 'use-case', 'cancel_order', '--method', 'post', '--path', '/orders/{order_id}/cancel', '--port', 'orders'], { cwd: project });
    expect(cancel.exitCode, cancel.stderr).toBe(0);
    expect(cancel.stdout).toContain('cancel_order: action ("cancel" is an action verb), POST /orders/{order_id}/cancel → 200, port orders');
    const archive = await cli(['add', 'use-case', 'archive_order', '--method', 'post', '--path', '/orders/archive'], { cwd: project });
    expect(archive.exitCode, archive.stderr).toBe(0);
    expect(archive.stdout).toContain(`archive_order: command (its path names no entity, so a command), POST /orders/archive → 202, queue ${SLUG}-archive-order, port order_requests`);
    console.info(`scaffold + install: ${((Date.now() - started) / 1000).toFixed(1)}s`);
    exportedFile = join(tempDir('cbs-openapi-'), 'openapi.json');
    const exportRun = await cli(['export', 'openapi', '--output', exportedFile], { cwd: join(project, 'src') });
    expect(exportRun.exitCode, exportRun.stderr).toBe(0);
    exported = JSON.parse(readFileSync(exportedFile, 'utf8'));
  });

  it('exports an OpenAPI 3.1 document that openapi-spec-validator accepts, printed or written', { timeout: 60_000 }, async () => {
    // .ci/run installs openapi-spec-validator (PyPI) on PATH.
    const validator = await execa('openapi-spec-validator', [exportedFile], { reject: false, all: true });
    expect(validator.exitCode, validator.all ?? String(validator.code)).toBe(0);
    expect(exported).toMatchObject({ openapi: '3.1.0', info: { title: SLUG } });
    const printed = await cli(['export', 'openapi'], { cwd: project });
    expect(printed.exitCode, printed.stderr).toBe(0);
    expect(JSON.parse(printed.stdout)).toEqual(exported);
    const create = (exported as { paths: Record<string, Record<string, any>> }).paths['/orders']!.post;
    expect(create.requestBody.content['application/json'].schema).toMatchObject({ required: ['name'], additionalProperties: false });
    expect(Object.keys(create.responses).sort()).toEqual(['201', '400', '409', '500', '502', '503']);
  });

  it('passes its own pytest (schemathesis fuzzing both apps included), ruff check, ruff format and check', { timeout: 600_000 }, async () => {
    const tests = await venv(project, 'pytest', ['-q', '-p', 'no:cacheprovider'], PYTEST_ENV);
    expect(tests.exitCode, tests.all).toBe(0);
    expect(tests.all).toMatch(/\d+ passed/);
    // schemathesis ran in process against both apps, stateful phase included.
    const fuzz = await venv(project, 'pytest', ['-q', '-p', 'no:cacheprovider', '--collect-only', 'tests/entry_points/test_openapi.py']);
    for (const test of ['test_flask_answers_as_documented', 'test_fastapi_answers_as_documented', 'TestFlaskWorkflows', 'TestFastapiWorkflows']) {
      expect(fuzz.stdout).toContain(`test_openapi.py::${test}`);
    }
    // No failures, no skips and no warnings: the Starlette TestClient deprecation is filtered in pyproject.toml.
    expect(tests.all).not.toMatch(/failed|error|warning|skipped/i);
    const lint = await venv(project, 'ruff', ['check', '--no-cache', '.']);
    expect(lint.exitCode, lint.all).toBe(0);
    const format = await venv(project, 'ruff', ['format', '--check', '--no-cache', '.']);
    expect(format.exitCode, format.all).toBe(0);
    const check = await cli(['check'], { cwd: project });
    expect(check.exitCode, `${check.stdout}\n${check.stderr}`).toBe(0);
    expect(check.stderr).not.toMatch(/skipped/);
  });

  it('serves every route with Flask, started with the README command', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(project, 'flask', readmeCommand(project, 'flask', port), `${base}/orders`, freshDatabase());
    try {
      await exerciseRoutes(base);
      expect((await callJson('GET', `${base}/openapi.json`)).json).toEqual(exported);
      const docs = await fetch(`${base}/docs`);
      expect([docs.status, docs.headers.get('content-type'), await docs.text()]).toEqual([200, expect.stringContaining('text/html'), expect.stringContaining('/openapi.json')]);
    } finally {
      await server.stop();
    }
    await expectPortClosed(base);
  });

  it('serves every route and its OpenAPI document with uvicorn, started with the README command', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const args = readmeCommand(project, 'uvicorn', port);
    expect(args).toContain('src.infra.entry_points.fastapi.app:app');
    const server = await startServer(project, 'uvicorn', args, `${base}/openapi.json`, freshDatabase());
    try {
      await exerciseRoutes(base);
      expect((await callJson('GET', `${base}/openapi.json`)).json).toEqual(exported);
      const openapi = (await callJson('GET', `${base}/openapi.json`)).json as {
        info: { title: string };
        paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; 'x-same-as'?: string }>>;
      };
      expect(openapi.info.title).toBe(SLUG);
      // GET /orders/archive runs get_order (routing goes by method first): documented as the same.
      expect(openapi.paths['/orders/archive']!.get!['x-same-as']).toBe('get_order');
      const routes = Object.entries(openapi.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([, operation]) => operation['x-same-as'] === undefined)
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
      expect(routes.sort()).toEqual(
        [
          'DELETE /orders/{order_id}',
          'GET /orders',
          'GET /orders/{order_id}',
          'POST /orders',
          'POST /orders/archive',
          'POST /orders/{order_id}/approve',
          'POST /orders/{order_id}/cancel',
          'POST /send-invoice',
          'PUT /orders/{order_id}',
        ].sort(),
      );
      expect(openapi.paths['/orders/{order_id}']!.get!.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'order_id', in: 'path' })]),
      );
    } finally {
      await server.stop();
    }
    // --reload runs the app in a child process: stopping the reloader must stop it too.
    await expectPortClosed(base);
  });

  it('runs the Lambda router in process with an HTTP API v2 event and an SQS batch', { timeout: 60_000 }, async () => {
    const httpV2 = (method: string, path: string, routeKey: string, extra: Record<string, unknown> = {}) => ({
      version: '2.0',
      routeKey,
      rawPath: path,
      rawQueryString: '',
      headers: { 'content-type': 'application/json', host: 'api.example.com' },
      requestContext: {
        accountId: '123456789012',
        apiId: 'api-id',
        http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'e2e' },
        requestId: 'id',
        routeKey,
        stage: '$default',
      },
      isBase64Encoded: false,
      ...extra,
    });
    const sqsRecord = (messageId: string, body: string) => ({
      messageId,
      receiptHandle: 'handle',
      body,
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:${SLUG}-create-order`,
      awsRegion: 'us-east-1',
    });
    const events = [
      httpV2('POST', '/orders', 'POST /orders', { body: JSON.stringify({ name: 'pen' }) }),
      httpV2('GET', '/orders/__ID__', 'GET /orders/{order_id}', { pathParameters: { order_id: '__ID__' } }),
      httpV2('GET', '/orders/missing', '$default'),
      { Records: [sqsRecord('m-1', JSON.stringify({ name: 'cup' })), sqsRecord('m-2', '{}'), sqsRecord('m-3', 'not json')] },
      httpV2('GET', '/orders', '$default'),
    ];
    // Every event runs in one interpreter, as in one Lambda instance.
    const script = [
      'import json, sys',
      'from src.infra.entry_points.lambda_aws.handler import lambda_handler',
      'raw = sys.stdin.read()',
      'first = lambda_handler(json.loads(raw)[0])',
      'order_id = json.loads(first["body"])["id"]',
      'rest = [lambda_handler(event) for event in json.loads(raw.replace("__ID__", order_id))[1:]]',
      'print(json.dumps([first, *rest]))',
    ].join('\n');
    const run = await execa(join(project, '.venv', 'bin', 'python'), ['-c', script], {
      cwd: project,
      input: JSON.stringify(events),
      env: { ...process.env, ...freshDatabase() },
      reject: false,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const [created, found, missing, batch, listed] = JSON.parse(
      // bisslog-schema prints "There are N use cases to be loaded" first; the results are the last line.
      run.stdout.trim().split('\n').at(-1)!,
    ) as Record<string, unknown>[];
    const body = (response: Record<string, unknown>) => {
      expect(response.headers).toMatchObject({ 'Content-Type': 'application/json' });
      return JSON.parse(response.body as string);
    };
    const order = body(created!);
    expect(created!.statusCode).toBe(201);
    expect(created!.headers).toEqual({
      'Content-Type': 'application/json',
      Location: `/orders/${order.id}`,
      // No X-Request-Id in, no Lambda context: a new id, echoed.
      'X-Request-Id': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(order).toEqual({ id: expect.any(String), name: 'pen' });
    expect([found!.statusCode, body(found!)]).toEqual([200, order]);
    expect([missing!.statusCode, body(missing!).error]).toEqual([404, 'order-not-found']);
    expect(batch).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }, { itemIdentifier: 'm-3' }] });
    expect(body(listed!).items.map((o: { name: string }) => o.name).sort()).toEqual(['cup', 'pen']);
  });
});
