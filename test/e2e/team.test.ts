import { appendFileSync, cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, cli, hasUv, tempDir, treeHash } from './support.js';

/**
 * add use-case, check and adopt on bisslog projects a team wrote by hand (test/fixtures/team-*),
 * whose conventions are not ours. One virtual environment with the fixtures' requirements is
 * installed once; every test works on a fresh copy of a fixture, as a git repository.
 */
describe('growing a bisslog project the team made', () => {
  let venvDir = '';

  beforeAll(async () => {
    venvDir = join(tempDir('cbs-team-venv-'), '.venv');
    const requirements = join(REPO, 'test', 'fixtures', 'team-registry', 'requirements.txt');
    if (await hasUv()) {
      await execa('uv', ['venv', '--quiet', venvDir]);
      await execa('uv', ['pip', 'install', '--quiet', '--python', join(venvDir, 'bin', 'python'), '-r', requirements]);
    } else {
      await execa('python3', ['-m', 'venv', venvDir]);
      await execa(join(venvDir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', requirements]);
    }
  }, 300_000);

  async function copyOf(fixture: string): Promise<string> {
    const project = join(tempDir('cbs-team-'), fixture);
    cpSync(join(REPO, 'test', 'fixtures', fixture), project, { recursive: true });
    symlinkSync(venvDir, join(project, '.venv'));
    await execa('git', ['init', '-q'], { cwd: project });
    appendFileSync(join(project, '.git', 'info', 'exclude'), '/.venv\n__pycache__/\n');
    await execa('git', ['add', '-A'], { cwd: project });
    await execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base'], { cwd: project });
    return project;
  }

  const git = async (project: string, ...args: string[]) => (await execa('git', args, { cwd: project })).stdout.split('\n').filter(Boolean).sort();
  const pytest = (project: string, ...args: string[]) =>
    execa(join(project, '.venv', 'bin', 'python'), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', ...args], { cwd: project, reject: false, all: true });

  /** Files changed, with lines added and deleted, and files new to git. */
  async function changes(project: string) {
    const numstat = await git(project, 'diff', '--numstat');
    const changed = numstat.map((line) => {
      const [added, deleted, path] = line.split('\t');
      return { path, added: Number(added), deleted: Number(deleted) };
    });
    return { changed, untracked: await git(project, 'ls-files', '--others', '--exclude-standard') };
  }

  it('check reports the real state of a clean project, analyzer included', async () => {
    const project = await copyOf('team-registry');
    const result = await cli(['check'], { cwd: project });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('metadata.yml and the code agree in .');
  });

  it('add use-case writes a module and a test in its conventions; metadata.yml only gains the entry; the test passes', async () => {
    const project = await copyOf('team-registry');
    const result = await cli(['add', 'use-case', 'list_company_data', '--method', 'get', '--path', '/company/data/{schema_keyname}/all', '--port', 'stores'], { cwd: project });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('calls stores.fetch_records(schema_keyname, filters) of StoresDivision in src/infra/database/stores_division.py');
    const { changed, untracked } = await changes(project);
    expect(changed).toEqual([{ path: 'metadata.yml', added: 18, deleted: 0 }]);
    expect(untracked).toEqual(['src/domain/use_cases/company_data/list_company_data.py', 'tests/unit/test_list_company_data.py']);
    const module = readFileSync(join(project, 'src/domain/use_cases/company_data/list_company_data.py'), 'utf8');
    expect(module).toMatch(/^from bisslog import BasicUseCase, bisslog_db as db$/m);
    expect(module).toMatch(/^class ListCompanyData\(BasicUseCase\):$/m);
    expect(module).toMatch(/^LIST_COMPANY_DATA = ListCompanyData\(\)$/m);

    const own = await pytest(project, 'tests/unit/test_list_company_data.py');
    expect(own.exitCode, own.all).toBe(0);
    expect(own.all).toContain('1 passed');
    const all = await pytest(project);
    expect(all.exitCode, all.all).toBe(0);
    const check = await cli(['check'], { cwd: project });
    expect(check.exitCode, check.stderr).toBe(0);
  });

  it('the new test fails when the use case stops calling the port as the port says', async () => {
    const project = await copyOf('team-registry');
    await cli(['add', 'use-case', 'get_company_datum', '--path', '/company/data/{schema_keyname}/{record_id}/raw', '--port', 'stores'], { cwd: project });
    const path = join(project, 'src/domain/use_cases/company_data/get_company_datum.py');
    expect((await pytest(project, 'tests/unit/test_get_company_datum.py')).all).toContain('2 passed');
    writeFileSync(path, readFileSync(path, 'utf8').replace('record_id=record_id', 'id=record_id'));
    const broken = await pytest(project, 'tests/unit/test_get_company_datum.py');
    expect(broken.exitCode).not.toBe(0);
    expect(broken.all).toContain("TypeError: missing a required argument: 'record_id'");
  });

  it('--dry-run prints the choices and the metadata diff, and changes nothing', async () => {
    const project = await copyOf('team-registry');
    const before = treeHash(project);
    const result = await cli(['add', 'use-case', 'remove_company_data', '--port', 'stores', '--path', '/company/data/{schema_keyname}/{record_id}/all', '--dry-run'], { cwd: project });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('calls stores.drop_record(schema_keyname, record_id)');
    expect(result.stdout).toContain('class style in use_cases/company_data (its subject is company_data)');
    expect(result.stdout).toContain('+  remove_company_data:');
    expect(treeHash(project)).toBe(before);
  });

  it('check reports planted drift, one line per problem, and exits 1', async () => {
    const project = await copyOf('team-registry');
    const metadata = readFileSync(join(project, 'metadata.yml'), 'utf8')
      .replace('path: /company/data/{schema_keyname}/{record_id}\n        mapper:\n          path_query.schema_keyname: schema_keyname\n          path_query.record_id: record_id\n  # removal', 'path: /company/data/{schema_keyname}/{record_id}\n        mapper:\n          path_query.schema_keyname: schema_keyname\n  # removal') // get_company_record's trigger
      .replace('      operation: save_schema', '      operation: save_schema\n    - keyname: audits\n      type_interaction: database');
    writeFileSync(join(project, 'metadata.yml'), metadata);
    writeFileSync(join(project, 'src/domain/use_cases/catalog/rename_schema.py'), 'from bisslog import use_case\n\n\n@use_case\ndef rename_schema(schema_keyname: str): ...\n');
    const setup = join(project, 'src/infra/entry_points/setup.py');
    writeFileSync(setup, readFileSync(setup, 'utf8').replace('schemas=SchemasVanillaCacheDivision()', 'schema=SchemasVanillaCacheDivision()'));
    const result = await cli(['check'], { cwd: project });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      'drift use case get_company_record, trigger 1: {record_id} in /company/data/{schema_keyname}/{record_id} is not mapped (add path_query.record_id to the mapper)',
      'drift module src/domain/use_cases/catalog/rename_schema.py is not declared under use_cases in metadata.yml',
      'drift external interaction audits has no port: no Division subclass is registered or named audits (e.g. src/infra/database/audits_division.py)',
      'drift external interaction schemas has no port: no Division subclass is registered or named schemas (e.g. src/infra/database/schemas_division.py)',
      'drift use case describe_schema reads db.schemas, which no register_adapters(...) registers: bisslog answers it with a blank adapter that returns None',
      'drift use case register_schema reads db.schemas, which no register_adapters(...) registers: bisslog answers it with a blank adapter that returns None',
      'drift use case add_company_record reads db.schemas, which no register_adapters(...) registers: bisslog answers it with a blank adapter that returns None',
      '7 problems in .',
    ]);
  });

  it('adopt --dry-run shows the conventions; adopt writes only the manifest; add then follows and records it', async () => {
    const project = await copyOf('team-registry');
    const before = treeHash(project);
    const dry = await cli(['adopt', '--dry-run'], { cwd: project });
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('use cases       5 in src/domain/use_cases, nested in folders; BasicUseCase subclasses with use() and an UPPER_SNAKE instance');
    expect(dry.stdout).toContain('src/domain/use_cases/noise.py defines no use case (bisslog skips it)');
    expect(dry.stdout).toContain('registration    register_adapters(...) in src/infra/entry_points/setup.py');
    expect(treeHash(project)).toBe(before);

    expect((await cli(['adopt'], { cwd: project })).exitCode).toBe(0);
    expect(await changes(project)).toEqual({ changed: [], untracked: ['.bisslog/manifest.json'] });
    const manifestPath = join(project, '.bisslog', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    expect(manifest.files['src/infra/entry_points/setup.py']).toBe('team');
    expect((await cli(['adopt'], { cwd: project })).exitCode).toBe(2);
    // The commands that re-render a generated project say what works here instead.
    for (const args of [['upgrade'], ['remove', 'use-case', 'get_store'], ['add', 'entry-point', 'fastapi']]) {
      const refused = await cli(args, { cwd: project });
      expect(refused.exitCode, args.join(' ')).toBe(2);
      expect(refused.stderr).toBe(
        'error this project is one your team made (adopted): this command works on projects create-bisslog-service generated; here, use add use-case and check',
      );
    }
    expect(await changes(project)).toEqual({ changed: [], untracked: ['.bisslog/manifest.json'] });

    // Later commands read the recorded conventions, not the files: a changed record shows it.
    manifest.conventions.tests = 'tests';
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    const added = await cli(['add', 'use-case', 'list_company_data', '--port', 'stores', '--path', '/company/data/{schema_keyname}/all'], { cwd: project });
    expect(added.exitCode, added.stderr).toBe(0);
    expect(existsSync(join(project, 'tests/test_list_company_data.py'))).toBe(true);
    const after = JSON.parse(readFileSync(manifestPath, 'utf8'));
    expect(after.files['tests/test_list_company_data.py']).toMatch(/^sha256:/);
    expect(after.files['metadata.yml']).toBe('team');
    expect(after.useCases).toEqual([{ name: 'list_company_data', port: 'stores', path: '/company/data/{schema_keyname}/all', portMethod: 'fetch_records' }]);
    expect((await pytest(project)).exitCode).toBe(0);
    expect((await cli(['check'], { cwd: project })).exitCode).toBe(0);
  });

  it('a new port: the port, an in-memory adapter where the team keeps them, and the registration printed, not written', async () => {
    const project = await copyOf('team-registry');
    const result = await cli(['add', 'use-case', 'list_parcels', '--path', '/depots/{depot_id}/parcels'], { cwd: project });
    expect(result.exitCode, result.stderr).toBe(0);
    const { changed, untracked } = await changes(project);
    expect(changed.map((c) => [c.path, c.deleted])).toEqual([['metadata.yml', 0]]);
    expect(untracked).toEqual([
      'src/domain/use_cases/parcels/__init__.py',
      'src/domain/use_cases/parcels/list_parcels.py',
      'src/infra/database/implementations/vanilla_cache/parcels_vanilla_cache_division.py',
      'src/infra/database/parcels_division.py',
      'tests/unit/test_list_parcels.py',
      'tests/unit/test_parcels_vanilla_cache.py',
    ]);
    const wiring = result.stdout.split('\n').slice(-4, -1);
    expect(wiring).toEqual([
      'Register the adapter by hand in src/infra/entry_points/setup.py (this tool does not rewrite your setup):',
      '    from src.infra.database.implementations.vanilla_cache.parcels_vanilla_cache_division import ParcelsVanillaCacheDivision',
      '    and add parcels=ParcelsVanillaCacheDivision() to its register_adapters(...) call',
    ]);
    expect((await cli(['check'], { cwd: project })).stderr).toContain('drift port parcels is never registered');

    // Done as printed, the project is whole again.
    const setup = join(project, 'src/infra/entry_points/setup.py');
    writeFileSync(
      setup,
      readFileSync(setup, 'utf8')
        .replace('\n\n\ndef setup', `\n${wiring[1]!.trim()}\n\n\ndef setup`)
        .replace('schemas=SchemasVanillaCacheDivision())', 'schemas=SchemasVanillaCacheDivision(),\n                         parcels=ParcelsVanillaCacheDivision())'),
    );
    const check = await cli(['check'], { cwd: project });
    expect(check.exitCode, check.stderr).toBe(0);
    const tests = await pytest(project);
    expect(tests.exitCode, tests.all).toBe(0);
    expect(tests.all).toContain('3 passed');
  });

  it('a flat, function-style project with docs/metadata.yml and pyproject.toml', async () => {
    const project = await copyOf('team-flat');
    for (const [name, path] of [['remove_entry', '/ledgers/{ledger_id}/entries/{entry_id}'], ['list_entries', '/ledgers/{ledger_id}/entries']] as const) {
      const result = await cli(['add', 'use-case', name, '--port', 'ledgers', '--path', path], { cwd: project });
      expect(result.exitCode, result.stderr).toBe(0);
    }
    const { changed, untracked } = await changes(project);
    expect(changed).toEqual([{ path: 'docs/metadata.yml', added: 35, deleted: 0 }]);
    expect(untracked).toEqual(['src/domain/use_cases/list_entries.py', 'src/domain/use_cases/remove_entry.py', 'tests/test_list_entries.py', 'tests/test_remove_entry.py']);
    expect(readFileSync(join(project, 'src/domain/use_cases/list_entries.py'), 'utf8')).toContain('@use_case\ndef list_entries(ledger_id: str, *args, **kwargs):');
    const tests = await pytest(project);
    expect(tests.exitCode, tests.all).toBe(0);
    expect(tests.all).toContain('3 passed');
    expect((await cli(['check'], { cwd: project })).exitCode).toBe(0);
  });

  it('a folder with no bisslog project is a usage error naming what was looked for', async () => {
    const result = await cli(['add', 'use-case', 'list_x'], { cwd: tempDir() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/not inside a bisslog project: no \.bisslog\/manifest\.json, and no metadata\.yml .* beside src\/domain\/use_cases/);
  });
});
