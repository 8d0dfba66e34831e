import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callJson, cli, copyProject, freePort, startServer, tempDir, treeHash, venv } from './support.js';

/**
 * add use-case and check, on a real installed project whose metadata.yml was edited by hand.
 * It is generated and installed once; every test works on a copy of its own.
 */
describe('growing a generated service', () => {
  let generated = '';
  let project = '';
  const run = (...args: string[]) => cli(args, { cwd: project });

  beforeAll(async () => {
    const cwd = tempDir();
    const result = await cli(['svc', '--yes', '--no-git', '--entry', 'flask'], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const project = join(cwd, 'svc');
    generated = project;
    const metadata = readFileSync(join(project, 'metadata.yml'), 'utf8')
      .replace('use_cases:\n', "use_cases:   # ours: keep this comment\n\n")
      .replace('name: "create item"', "name: 'create item'   # single quotes, on purpose");
    writeFileSync(join(project, 'metadata.yml'), `${metadata}\n# closing remark\n`);
    writeFileSync(join(project, 'README.md'), '# Our own README\n');
    await execa('git', ['init', '-q'], { cwd: project });
    await execa('git', ['add', '-A'], { cwd: project });
    await execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base'], { cwd: project });
  });

  beforeEach(() => {
    project = copyProject(generated);
  });

  it('--dry-run shows the files and the metadata.yml diff and changes nothing', async () => {
    const before = treeHash(project);
    const result = await run('add', 'use-case', 'list_items', '--dry-run');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/CREATE src\/domain\/use_cases\/list_items\.py/);
    expect(result.stdout).toContain('+  list_items:');
    expect(result.stdout).toContain('dry run');
    expect(treeHash(project)).toBe(before);
  });

  it('adds a use case: new files only, metadata.yml diff is a pure addition, your files kept', async () => {
    const result = await run('add', 'use-case', 'list_items');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('KEEP   README.md');
    const numstat = await execa('git', ['diff', '--numstat'], { cwd: project });
    const metadataLine = numstat.stdout.split('\n').find((l) => l.endsWith('metadata.yml'))!;
    const [added, deleted] = metadataLine.split('\t').map(Number);
    expect(added).toBeGreaterThan(10);
    expect(deleted).toBe(0);
    const changed = (await execa('git', ['diff', '--name-only'], { cwd: project })).stdout.split('\n').sort();
    // Besides the changed files, the pack of bases for later merges: what was generated, by hash.
    expect(changed).toEqual(['.bisslog/bases.pack', '.bisslog/manifest.json', 'metadata.yml', 'tests/entry_points/test_http.py', 'tests/entry_points/test_openapi.py']);
    expect(readFileSync(join(project, 'README.md'), 'utf8')).toBe('# Our own README\n');
    const untracked = (await execa('git', ['ls-files', '--others', '--exclude-standard'], { cwd: project })).stdout.split('\n').sort();
    expect(untracked).toEqual(['src/domain/use_cases/list_items.py', 'tests/use_cases/test_list_items.py']);
  });

  it('adds a use case on a new port, with its adapters', async () => {
    const result = await run('add', 'use-case', 'approve_order', '--method', 'put', '--path', '/orders/{order_id}/approval');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('CREATE src/infra/orders/orders.py');
    expect(result.stdout).toContain('CREATE src/infra/orders/impls/orders_memory.py');
    expect(result.stdout).toContain('CREATE src/infra/orders/impls/orders_sql.py');
    expect(result.stdout).toContain('UPDATE src/infra/setup.py');
  });

  it('leaves a project whose pytest, ruff and check pass, and whose new routes answer', { timeout: 400_000 }, async () => {
    for (const args of [['list_items'], ['approve_order', '--method', 'put', '--path', '/orders/{order_id}/approval']]) {
      const added = await run('add', 'use-case', ...args);
      expect(added.exitCode, added.stderr).toBe(0);
    }
    const tests = await venv(project, 'pytest', ['-q', '-p', 'no:cacheprovider']);
    expect(tests.exitCode, tests.all).toBe(0);
    const lint = await venv(project, 'ruff', ['check', '--no-cache', '.']);
    expect(lint.exitCode, lint.all).toBe(0);
    const check = await run('check');
    expect(check.exitCode, check.stderr).toBe(0);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(project, 'flask', ['--app', 'src.infra.entry_points.flask.app', 'run', '--port', String(port)], `${base}/items`);
    try {
      await callJson('POST', `${base}/items`, { name: 'a' });
      await callJson('POST', `${base}/items`, { name: 'b' });
      const listed = await callJson('GET', `${base}/items?limit=1`);
      expect(listed.status).toBe(200);
      expect((listed.json as { items: unknown[] }).items).toHaveLength(1);
      // approve_order is an action on the new, empty orders port: a missing order is a 404.
      const approval = await callJson('PUT', `${base}/orders/o-1/approval`, { note: 'me' });
      expect([approval.status, (approval.json as { error: string }).error]).toEqual([404, 'order-not-found']);
    } finally {
      await server.stop();
    }
  });

  it('refuses duplicates, clashes, bad names and broken metadata, changing nothing', async () => {
    mkdirSync(join(project, 'src', 'domain', 'use_cases', 'extra'), { recursive: true });
    writeFileSync(join(project, 'src', 'domain', 'use_cases', 'extra', 'delete_item.py'), '');
    const before = treeHash(project);
    const cases: Array<[string[], RegExp]> = [
      [['add', 'use-case', 'get_item'], /^error the project already has the use case get_item; nothing was changed$/],
      [['add', 'use-case', 'Get-Item'], /the project already has the use case get_item \(which Get-Item names too\)/],
      [['add', 'use-case', 'get_page', '--method', 'get', '--path', '/openapi.json'], /\/openapi\.json is reserved for the OpenAPI document/],
      [['add', 'use-case', 'get_page', '--method', 'get', '--path', '/docs'], /\/docs is reserved for the docs page/],
      [['add', 'use-case', 'delete_item'], /a module named delete_item\.py already exists/],
      [['add', 'use-case', 'add_item'], /both answer POST \/items/],
      [['add', 'use-case', 'class'], /Python keyword/],
      [['add', 'use-case', '../x'], /path separators/],
      [['add', 'use-case', 'list_things', '--trigger', 'cron'], /trigger "cron" is not one of http, consumer, schedule/],
      [['add', 'widget', 'x'], /cannot add "widget"/],
    ];
    for (const [args, message] of cases) {
      const result = await run(...args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
    expect(treeHash(project)).toBe(before);

    const good = readFileSync(join(project, 'metadata.yml'), 'utf8');
    writeFileSync(join(project, 'metadata.yml'), `${good}\n  broken: [\n`);
    const broken = treeHash(project);
    const result = await run('add', 'use-case', 'find_thing');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/metadata\.yml is not valid YAML/);
    expect(treeHash(project)).toBe(broken);
  });

  it('check reports drift, one line per problem, and exits 1', async () => {
    mkdirSync(join(project, 'src', 'domain', 'use_cases', 'extra'));
    writeFileSync(join(project, 'src', 'domain', 'use_cases', 'extra', 'delete_item.py'), '');
    writeFileSync(join(project, 'src', 'domain', 'use_cases', 'orphan.py'), '');
    const result = await run('check', '--no-analyzer');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('drift module src/domain/use_cases/orphan.py is not declared under use_cases in metadata.yml');
    expect(result.stderr).toContain('drift module src/domain/use_cases/extra/delete_item.py is not declared');

    const metadata = readFileSync(join(project, 'metadata.yml'), 'utf8');
    writeFileSync(join(project, 'metadata.yml'), metadata.replace('path: "/items/{item_id}"', 'path: "/items/{id}"'));
    const renamed = await run('check', '--no-analyzer');
    expect(renamed.exitCode).toBe(1);
    expect(renamed.stderr).toContain('{id} in /items/{id} is not mapped (add path_query.id to the mapper)');
    expect(renamed.stderr).toContain('the mapper reads path_query.item_id, but /items/{id} has no {item_id}');
  });

  it('outside a generated project, add and check say so', async () => {
    const elsewhere = tempDir();
    for (const args of [['add', 'use-case', 'x_y'], ['check']]) {
      const result = await cli(args, { cwd: elsewhere });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('not inside a bisslog project');
    }
  });
});
