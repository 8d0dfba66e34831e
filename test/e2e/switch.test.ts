import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { callHttp, ciEnv, cli, copyProject, freePort, startServer, tempDir, treeHash, venv } from './support.js';

/** Every file under src/domain, by path, as bytes. */
function domainOf(project: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__pycache__') walk(path);
      } else files.set(path.slice(project.length + 1), readFileSync(path).toString('base64'));
    }
  };
  walk(join(project, 'src', 'domain'));
  return files;
}

const commit = async (project: string, message: string) => {
  await execa('git', ['add', '-A'], { cwd: project });
  await execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', message], { cwd: project });
};

/**
 * Switching entry points and adapters and removing use cases, on a real installed project:
 * the domain never changes, the project's own checks stay green, and FastAPI serves the routes.
 */
describe('growing in every direction', () => {
  let project = '';
  let pristine = '';

  beforeAll(async () => {
    const cwd = tempDir();
    const result = await cli(['svc', '--yes'], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    project = join(cwd, 'svc');
    // The refusal cases work on a copy taken before the main flow changes the project.
    pristine = copyProject(project);
  });

  it('refuses what it cannot do, changing nothing', async () => {
    const copy = copyProject(pristine);
    const before = treeHash(copy);
    const cases: Array<[string[], RegExp]> = [
      [['remove', 'entry-point', 'flask'], /flask is the only entry point; add another first \(add entry-point fastapi\)/],
      [['add', 'entry-point', 'flask'], /already has the entry-point flask/],
      [['add', 'adapter', 'nosuch'], /unknown adapter "nosuch"; choose from memory, sql, mongo, /],
      [['remove', 'adapter', 'memory'], /always included/],
      [['remove', 'use-case', 'nope_thing'], /has no use case nope_thing/],
      [['remove', 'widget', 'x'], /cannot remove "widget"/],
      [['add', 'entry-point', 'fastapi', '--installer', 'conda'], /--installer must be uv or pip/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args, { cwd: copy });
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
    expect(treeHash(copy)).toBe(before);
    writeFileSync(join(copy, 'tests', 'entry_points', 'client_fastapi.py'), '# ours\n');
    const inTheWay = treeHash(copy);
    const refused = await cli(['add', 'entry-point', 'fastapi', '--no-install'], { cwd: copy });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/^error tests\/entry_points\/client_fastapi\.py already exists; nothing was changed$/);
    expect(treeHash(copy)).toBe(inTheWay);
  });

  it('refuses a removal metadata.yml would not follow, and growth over unsettled conflicts', async () => {
    const refusedWith = async (copy: string, args: string[], message: RegExp) => {
      const before = treeHash(copy);
      const result = await cli(args, { cwd: copy });
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(treeHash(copy)).toBe(before);
    };
    const edited = (edit: (metadata: string) => string) => {
      const copy = copyProject(pristine);
      const path = join(copy, 'metadata.yml');
      writeFileSync(path, edit(readFileSync(path, 'utf8')));
      return copy;
    };
    const remove = ['remove', 'use-case', 'get_item'];
    await refusedWith(edited((m) => `${m}broken: [unclosed\n`), remove, /metadata\.yml is not valid YAML/);
    const flow = (m: string) => `${m.slice(0, m.indexOf('use_cases:'))}use_cases: {create_item: {name: c}, get_item: {name: g}}\n`;
    await refusedWith(edited(flow), remove, /use_cases in metadata\.yml is written in flow style .*remove use-case get_item again; nothing was changed$/);
    const anchored = (m: string) => m.replace('    name: "create item"\n', '    name: "create item"\n    x-note: &note "shared"\n').replace('    name: "get item"\n', '    name: "get item"\n    x-note: *note\n');
    await refusedWith(edited(anchored), ['remove', 'use-case', 'create_item'], /the entry of create_item in metadata\.yml cannot be cut out on its own/);
    // An alias before its anchor: not YAML that means anything, said in one line.
    const early = (m: string) => m.replace('    name: "get item"\n', '    name: "get item"\n    x-note: &note "shared"\n').replace('    name: "create item"\n', '    name: "create item"\n    x-note: *note\n');
    await refusedWith(edited(early), remove, /^error metadata\.yml is not valid YAML: Unresolved alias \(the anchor must be set before the alias\): note$/);
    // Not UTF-8: refused, not taken for a deleted file.
    const latin1 = copyProject(pristine);
    writeFileSync(join(latin1, 'pyproject.toml'), Buffer.concat([readFileSync(join(latin1, 'pyproject.toml')), Buffer.from('# caf\xe9\n', 'latin1')]));
    await refusedWith(latin1, ['add', 'adapter', 'mongo', '--no-install'], /^error pyproject\.toml is not UTF-8 text \(byte 0xe9 at offset \d+\); save it as UTF-8 first$/);

    // A port goes with its last use case, not while a use case declared by hand still names it.
    const named = copyProject(pristine);
    expect((await cli(['add', 'use-case', 'create_widget'], { cwd: named })).exitCode).toBe(0);
    writeFileSync(
      join(named, 'metadata.yml'),
      `${readFileSync(join(named, 'metadata.yml'), 'utf8')}  count_widgets:\n    name: "count widgets"\n    external_interactions:\n      - keyname: widgets\n        type_interaction: "database"\n`,
    );
    await refusedWith(named, ['remove', 'use-case', 'create_widget'], /^error the port widgets would go, but metadata\.yml still names it in count_widgets \(widgets\); remove or change that use case first; nothing was changed$/);

    // A conflict left unsettled stops the next change instead of nesting its markers.
    const conflicted = edited((m) => m.replace('            body: data\n', '            body: data\n          # ours, next to the mapper\n'));
    const added = await cli(['add', 'entry-point', 'lambda', '--no-install'], { cwd: conflicted });
    expect(added.exitCode, added.stdout).toBe(1);
    expect(readFileSync(join(conflicted, 'metadata.yml'), 'utf8')).toContain('<<<<<<< yours');
    const unsettled = /^error metadata\.yml still holds the conflict markers of an earlier change; settle the parts between <<<<<<< and >>>>>>> first; nothing was changed$/;
    await refusedWith(conflicted, ['remove', 'entry-point', 'lambda'], unsettled);
    await refusedWith(conflicted, ['add', 'adapter', 'mongo', '--no-install'], unsettled);
    await refusedWith(conflicted, ['add', 'use-case', 'approve_item'], unsettled);
  }, 60_000);

  it('keeps a changed file it would remove and lists it; --force moves it to .orig', async () => {
    const copy = copyProject(pristine);
    const added = await cli(['add', 'entry-point', 'fastapi', '--no-install'], { cwd: copy });
    expect(added.exitCode, added.stderr).toBe(0);
    const app = join(copy, 'src', 'infra', 'entry_points', 'flask', 'app.py');
    writeFileSync(app, `${readFileSync(app, 'utf8')}# our tweak\n`);
    const kept = await cli(['remove', 'entry-point', 'flask'], { cwd: copy });
    expect(kept.exitCode, kept.stderr).toBe(0);
    expect(kept.stdout).toMatch(/KEEP +src\/infra\/entry_points\/flask\/app\.py \(changed by you and no longer generated/);
    expect(kept.stdout).toMatch(/DELETE +tests\/entry_points\/client_flask\.py/);
    expect(readFileSync(app, 'utf8')).toContain('# our tweak');
    expect(existsSync(join(copy, 'tests', 'entry_points', 'client_flask.py'))).toBe(false);

    const other = copyProject(pristine);
    expect((await cli(['add', 'entry-point', 'fastapi', '--no-install'], { cwd: other })).exitCode).toBe(0);
    const otherApp = join(other, 'src', 'infra', 'entry_points', 'flask', 'app.py');
    writeFileSync(otherApp, '# ours\n');
    // An earlier backup stays: this one goes next to it, and the output says where.
    writeFileSync(`${otherApp}.orig`, '# an earlier backup\n');
    const forced = await cli(['remove', 'entry-point', 'flask', '--force'], { cwd: other });
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(existsSync(otherApp)).toBe(false);
    expect(forced.stdout).toContain('moved src/infra/entry_points/flask/app.py to src/infra/entry_points/flask/app.py.orig.2');
    expect(readFileSync(`${otherApp}.orig`, 'utf8')).toBe('# an earlier backup\n');
    expect(readFileSync(`${otherApp}.orig.2`, 'utf8')).toBe('# ours\n');
  }, 60_000);

  it('flask → fastapi, mongo, one use case fewer: src/domain unchanged, pytest, ruff and check green, FastAPI serves', async () => {
    const domain = domainOf(project);
    const dry = treeHash(project);
    const preview = await cli(['add', 'entry-point', 'fastapi', '--dry-run'], { cwd: project });
    expect(preview.exitCode, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/CREATE +src\/infra\/entry_points\/fastapi\/app\.py/);
    expect(preview.stdout).toContain('+    "fastapi>=');
    expect(treeHash(project)).toBe(dry);

    for (const step of [['add', 'entry-point', 'fastapi'], ['remove', 'entry-point', 'flask'], ['add', 'adapter', 'mongo']]) {
      const result = await cli(step, { cwd: project });
      expect(result.exitCode, `${step.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
      expect(domainOf(project), step.join(' ')).toEqual(domain);
      await commit(project, step.join(' '));
    }
    expect(existsSync(join(project, 'src', 'infra', 'entry_points', 'flask'))).toBe(false);
    const removed = await cli(['remove', 'use-case', 'get_item'], { cwd: project });
    expect(removed.exitCode, removed.stderr).toBe(0);
    const expected = new Map(domain);
    expected.delete('src/domain/use_cases/get_item.py');
    expect(domainOf(project)).toEqual(expected);
    const pyproject = readFileSync(join(project, 'pyproject.toml'), 'utf8');
    expect(pyproject).toMatch(/"fastapi>=.*"pymongo>=/s);
    expect(pyproject).not.toContain('flask');

    const tests = await venv(project, 'pytest', ['-q', '-p', 'no:cacheprovider'], { MONGO_URL: process.env.MONGO_URL });
    expect(tests.exitCode, tests.all).toBe(0);
    for (const args of [['check', '--no-cache', '.'], ['format', '--check', '--no-cache', '.']]) {
      const lint = await venv(project, 'ruff', args);
      expect(lint.exitCode, lint.all).toBe(0);
    }
    const check = await cli(['check'], { cwd: project, env: ciEnv() });
    expect(check.exitCode, check.stderr).toBe(0);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(project, 'uvicorn', ['src.infra.entry_points.fastapi.app:app', '--port', String(port)], `${base}/items`);
    try {
      const created = await callHttp('POST', `${base}/items`, { name: 'a' });
      expect(created.status).toBe(201);
      // get_item is gone: nothing reads the record back, so no Location points at a 404.
      expect(created.headers.get('location')).toBeNull();
      const gone = await callHttp('GET', `${base}/items/${created.json.id}`);
      expect([gone.status, gone.json.error]).toEqual([404, 'route-not-found']);
    } finally {
      await server.stop();
    }
  }, 600_000);
});
