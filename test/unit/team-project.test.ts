import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { oneLine } from '../../src/core/errors.js';
import { adoptedManifest } from '../../src/grow/adopt.js';
import { type ProjectFiles, detectConventions } from '../../src/grow/conventions.js';
import { detectMetadataStyle, metadataEntry } from '../../src/grow/metadata-style.js';
import { planTeamAddUseCase } from '../../src/grow/plan-team-add.js';
import { choosePortMethod } from '../../src/grow/port-method.js';
import { bisslogDbNames, classesIn, registeredAdapters, useCaseFunctions } from '../../src/grow/python-source.js';
import { teamCheckLayout, teamProblems } from '../../src/grow/team-check.js';
import { projectFiles } from '../../src/grow/team-project.js';
import { teamPorts } from '../../src/grow/team-ports.js';
import { REPO } from '../e2e/support.js';
import { templates } from './real-templates.js';

const fixture = (name: string) => projectFiles(join(REPO, 'test', 'fixtures', name));

/** The fixture with some files replaced or added, in memory. */
function edited(files: ProjectFiles, changes: Record<string, string | undefined>): ProjectFiles {
  const paths = [...new Set([...files.paths, ...Object.keys(changes)])].filter((p) => !(p in changes) || changes[p] !== undefined).sort();
  return { paths, read: (path) => (path in changes ? changes[path] : files.read(path)) };
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return oneLine(error);
  }
  throw new Error('expected an error');
}

describe('reading Python source', () => {
  const source = `"""A module whose docstring mentions class Fake(Division): and def nope(self)."""
from bisslog import (BasicUseCase,
                     bisslog_db as store_db)


class Orders(Division, metaclass=ABCMeta):
    # def commented(self): ...
    @abstractmethod
    def find(self, order_id: str,
             fields: Optional[Dict[str, int]] = None) -> Optional[dict]:
        """Returns one; the text 'def inside(self)' is not a method."""

    def _private(self): ...

    async def count(self, *, status: str = "open", **kwargs) -> int: ...
class OrdersMemory(base.Orders):
    pass
`;

  it('finds classes, their bases and methods with multi-line signatures, ignoring strings and comments', () => {
    const classes = classesIn(source);
    expect(classes.map((c) => [c.name, c.bases])).toEqual([
      ['Orders', ['Division']],
      ['OrdersMemory', ['Orders']],
    ]);
    expect(classes[0]!.methods).toEqual([
      { name: 'find', params: [{ name: 'order_id', annotation: 'str', hasDefault: false }, { name: 'fields', annotation: 'Optional[Dict[str, int]]', hasDefault: true }], returns: 'Optional[dict]' },
      { name: '_private', params: [] },
      { name: 'count', params: [{ name: 'status', annotation: 'str', hasDefault: true }], returns: 'int' },
    ]);
  });

  it('reads how bisslog_db is imported, which adapters are registered, which functions are use cases', () => {
    expect(bisslogDbNames(source)).toEqual(['store_db']);
    expect(bisslogDbNames('from bisslog.database.bisslog_db import bisslog_db\n')).toEqual(['bisslog_db']);
    const setup = 'def setup():\n    db.register_adapters(\n        orders=OrdersMemory(),  # memory\n        users=adapters.UsersMongo(url),\n    )\n';
    expect([...registeredAdapters(setup)]).toEqual([['orders', 'OrdersMemory'], ['users', 'UsersMongo']]);
    expect(useCaseFunctions('@use_case\ndef a(x): ...\n\n@use_case(keyname="b")\n@other\nasync def b(): ...\n\ndef c(): ...\n')).toEqual(['a', 'b']);
  });
});

describe('conventions of a team project', () => {
  it('nested class-style use cases, *_division.py ports with implementations/<tech>/ adapters, requirements.txt, tests/unit', () => {
    const conventions = detectConventions(fixture('team-registry'));
    expect(conventions).toEqual({
      metadata: 'metadata.yml',
      useCasesDir: 'src/domain/use_cases',
      style: 'class',
      nested: true,
      instance: true,
      dbName: 'db',
      portFile: 'src/infra/database/{port}_division.py',
      adapterFile: 'src/infra/database/implementations/{tech}/{port}_{tech}_division.py',
      portClass: '{Port}Division',
      adapterClass: '{Port}{Tech}Division',
      memoryTech: 'vanilla_cache',
      registration: 'src/infra/entry_points/setup.py',
      dependencies: 'requirements.txt',
      tests: 'tests/unit',
      lineLength: 88,
      metadataStyle: { indent: 2, sequenceIndent: 0, dashGap: 1, quoted: false },
    });
  });

  it('flat function-style use cases, a port named by its registration, docs/metadata.yml, pyproject.toml, tests/', () => {
    const conventions = detectConventions(fixture('team-flat'));
    expect(conventions).toMatchObject({
      metadata: 'docs/metadata.yml',
      style: 'function',
      nested: false,
      dbName: 'bisslog_db',
      portFile: 'src/infra/{port}_port.py',
      adapterFile: 'src/infra/adapters/{tech}/{port}_{tech}.py',
      portClass: '{Port}Port',
      adapterClass: '{Port}{Tech}',
      memoryTech: 'memory',
      registration: 'src/infra/wiring.py',
      dependencies: 'pyproject.toml',
      tests: 'tests',
      lineLength: 100,
      metadataStyle: { indent: 4, sequenceIndent: 4, dashGap: 3, quoted: true },
    });
    expect(teamPorts(fixture('team-flat')).map((p) => [p.key, p.className, p.registered])).toEqual([['ledgers', 'LedgersPort', true]]);
  });

  it('adopt marks every file as the team\'s', () => {
    const files = fixture('team-registry');
    const manifest = adoptedManifest(files, detectConventions(files), '9.9.9');
    expect(Object.keys(manifest.files)).toEqual(files.paths);
    expect(new Set(Object.values(manifest.files))).toEqual(new Set(['team']));
  });
});

describe('the port method a use case calls', () => {
  const stores = teamPorts(fixture('team-registry')).find((p) => p.key === 'stores')!;
  it.each([
    ['list', 'list_company_data', 'fetch_records'],
    ['get', 'get_company_datum', 'fetch_record'],
    ['create', 'add_company_datum', 'put_record'],
    ['delete', 'remove_company_datum', 'drop_record'],
  ] as const)('a %s use case (%s) calls %s', (kind, key, method) => {
    expect(choosePortMethod(stores, kind, key).method.name).toBe(method);
  });

  it('--port-method wins, and a method the port lacks is named with the ones it has', () => {
    expect(choosePortMethod(stores, 'list', 'list_x', 'fetch_record')).toMatchObject({ method: { name: 'fetch_record' }, reason: 'chosen with --port-method' });
    expect(errorOf(() => choosePortMethod(stores, 'list', 'list_x', 'nope'))).toBe(
      'port stores (src/infra/database/stores_division.py) has no method nope; its methods: open_store, fetch_record, fetch_records, put_record, drop_record',
    );
  });
});

describe('add use-case in a team project (planning)', () => {
  const files = fixture('team-registry');
  const conventions = detectConventions(files);
  const plan = (entry: { name: string; port?: string; method?: string; path?: string }, changed = files) =>
    planTeamAddUseCase(changed, { entry, conventions, version: '9.9.9' }, templates);

  it('creates the module beside its subject and the test in tests/unit; metadata.yml only gains the entry', () => {
    const result = plan({ name: 'list_company_data', method: 'get', path: '/company/data/{schema_keyname}/all', port: 'stores' });
    expect([...result.create.keys()]).toEqual(['src/domain/use_cases/company_data/list_company_data.py', 'tests/unit/test_list_company_data.py']);
    expect([...result.update.keys()]).toEqual(['metadata.yml']);
    const before = files.read('metadata.yml')!;
    const after = result.update.get('metadata.yml')!;
    expect(result.metadataDiff().split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'))).toEqual([]);
    expect(parse(after).use_cases.list_company_data.triggers[0].options.mapper).toEqual({ 'path_query.schema_keyname': 'schema_keyname', params: 'filters' });
    expect(after.startsWith(before.slice(0, before.indexOf('  register_schema:')))).toBe(true);
    const module = result.create.get('src/domain/use_cases/company_data/list_company_data.py')!;
    expect(module).toContain('class ListCompanyData(BasicUseCase):');
    expect(module).toContain('result = db.stores.fetch_records(schema_keyname=schema_keyname, filters=filters)');
    expect(module).toContain('LIST_COMPANY_DATA = ListCompanyData()');
  });

  it('a use case of a new subject on a port no use case reads gets a new package; else it joins the port\'s users', () => {
    const withAudits = edited(files, {
      'src/infra/database/audits_division.py': 'from bisslog import Division\n\n\nclass AuditsDivision(Division):\n    def save_audit(self, audit: dict) -> str: ...\n',
    });
    const fresh = plan({ name: 'create_audit', port: 'audits' }, withAudits);
    expect(fresh.folder).toEqual({ name: 'audit', reason: 'a new folder for its subject' });
    expect([...fresh.create.keys()]).toEqual(['src/domain/use_cases/audit/__init__.py', 'src/domain/use_cases/audit/create_audit.py', 'tests/unit/test_create_audit.py']);
    const schemas = plan({ name: 'list_known', port: 'schemas', path: '/known', method: 'get' }, files);
    expect(schemas.folder).toEqual({ name: 'catalog', reason: 'its use cases use the schemas port' });
  });

  it('refuses a module name, a route or a port that is not free, naming what is there', () => {
    expect(errorOf(() => plan({ name: 'get_company_record', port: 'stores' }))).toBe(
      'src/domain/use_cases/company_data/get_company_record.py already exists: bisslog binds a use case to the one module of its name',
    );
    expect(errorOf(() => plan({ name: 'fetch_schema', port: 'schemas', method: 'get', path: '/schemas/{x}' }))).toBe('metadata.yml already has a use case answering GET /schemas/{x}');
    expect(errorOf(() => planTeamAddUseCase(files, { entry: { name: 'list_invoices' }, portMethod: 'find', conventions, version: '9.9.9' }, templates))).toBe(
      '--port-method names a method of an existing port; invoices is new',
    );
  });

  it('a port the project lacks is written in its conventions, with the registration to add by hand', () => {
    const result = plan({ name: 'list_invoices' });
    expect([...result.create.keys()]).toEqual([
      'src/domain/use_cases/invoices/__init__.py',
      'src/infra/database/invoices_division.py',
      'src/infra/database/implementations/vanilla_cache/invoices_vanilla_cache_division.py',
      'tests/unit/test_invoices_vanilla_cache.py',
      'src/domain/use_cases/invoices/list_invoices.py',
      'tests/unit/test_list_invoices.py',
    ]);
    expect(result.create.get('src/infra/database/invoices_division.py')).toContain('class InvoicesDivision(Division, metaclass=ABCMeta):');
    expect(result.create.get('src/infra/database/implementations/vanilla_cache/invoices_vanilla_cache_division.py')).toContain('class InvoicesVanillaCacheDivision(InvoicesDivision):');
    expect(result.wiring).toEqual([
      'Register the adapter by hand in src/infra/entry_points/setup.py (this tool does not rewrite your setup):',
      '    from src.infra.database.implementations.vanilla_cache.invoices_vanilla_cache_division import InvoicesVanillaCacheDivision',
      '    and add invoices=InvoicesVanillaCacheDivision() to its register_adapters(...) call',
    ]);
  });
});

describe('check in a team project', () => {
  const files = fixture('team-registry');
  const conventions = detectConventions(files);

  it('finds nested modules of either style and skips modules that define no use case', () => {
    const layout = teamCheckLayout(files, conventions);
    expect([...layout.modules.keys()].sort()).toEqual(['add_company_record', 'describe_schema', 'get_company_record', 'register_schema', 'remove_company_record']);
    expect(layout.portProblems(['schemas', 'stores'])).toEqual([]);
    expect(teamProblems(files, conventions)).toEqual([]);
  });

  it('reports a port without adapters, an unregistered one, a division nothing registers, two modules of one name', () => {
    const drifted = edited(files, {
      'src/infra/entry_points/setup.py': 'from bisslog import bisslog_db as db\n\n\ndef setup():\n    db.register_adapters(stores=StoresVanillaCacheDivision())\n',
      'src/infra/database/implementations/vanilla_cache/stores_vanilla_cache_division.py': undefined,
      'src/domain/use_cases/catalog/get_company_record.py': 'from bisslog import use_case\n\n\n@use_case\ndef get_company_record(): ...\n',
    });
    const layout = teamCheckLayout(drifted, conventions);
    expect(layout.portProblems(['schemas', 'stores', 'ghosts'])).toEqual([
      'port schemas is never registered: no register_adapters(schemas=...) registers an adapter of SchemasDivision',
      'port stores (src/infra/database/stores_division.py) has no adapter: no class extends StoresDivision',
      'external interaction ghosts has no port: no Division subclass is registered or named ghosts (e.g. src/infra/database/ghosts_division.py)',
    ]);
    expect(teamProblems(drifted, conventions)).toEqual([
      'modules src/domain/use_cases/catalog/get_company_record.py and src/domain/use_cases/company_data/get_company_record.py share the name get_company_record: bisslog cannot tell them apart',
      'use case describe_schema reads db.schemas, which no register_adapters(...) registers: bisslog answers it with a blank adapter that returns None',
      'use case register_schema reads db.schemas, which no register_adapters(...) registers: bisslog answers it with a blank adapter that returns None',
      'use case add_company_record reads db.schemas, which no register_adapters(...) registers: bisslog answers it with a blank adapter that returns None',
    ]);
  });
});

describe('metadata entries in the team\'s style', () => {
  it('follows indentation, list placement and quoting', () => {
    const style = detectMetadataStyle('name: x\nuse_cases:\n    a:\n        triggers:\n            -   type: "http"\n        name: "a"\n');
    expect(style).toEqual({ indent: 4, sequenceIndent: 4, dashGap: 3, quoted: true });
    expect(metadataEntry('b', { name: 'b', triggers: [{ type: 'http', options: { mapper: { body: 'data' } } }] }, style)).toBe(
      'b:\n    name: "b"\n    triggers:\n        -   type: "http"\n            options:\n                mapper:\n                    body: data\n',
    );
    expect(metadataEntry('b', { name: 'yes', path: '/a/{b}' }, { indent: 2, sequenceIndent: 0, dashGap: 1, quoted: false })).toBe('b:\n  name: "yes"\n  path: /a/{b}\n');
  });
});
