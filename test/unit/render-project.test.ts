import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ServiceSpec, buildModel } from '../../src/core/spec.js';
import { catalog, renderSpec, specWith } from './real-templates.js';

const BASE: ServiceSpec = {
  name: 'orders',
  description: 'Takes orders',
  team: 'sales',
  entryPoints: ['flask'],
  adapters: ['memory'],
  useCases: ['create_order', 'get_order'],
};
const spec = (overrides: Partial<ServiceSpec> = {}) => specWith(BASE, overrides);

describe('rendering the real templates', () => {
  it('is deterministic and sorted', () => {
    const first = renderSpec(spec());
    const second = renderSpec(spec());
    expect([...first.entries()]).toEqual([...second.entries()]);
    expect([...first.keys()]).toEqual([...first.keys()].sort());
  });

  it('lays out the hexagonal tree', () => {
    const paths = [...renderSpec(spec()).keys()];
    expect(paths).toEqual(
      expect.arrayContaining([
        '.gitignore',
        'metadata.yml',
        'pyproject.toml',
        'README.md',
        'src/domain/use_cases/create_order.py',
        'src/domain/use_cases/get_order.py',
        'src/domain/use_cases/__init__.py',
        'src/infra/orders/orders.py',
        'src/infra/orders/impls/orders_memory.py',
        'src/infra/setup.py',
        'src/infra/entry_points/flask/app.py',
        'tests/use_cases/test_create_order.py',
        'tests/adapters/test_orders_contract.py',
        'tests/test_metadata.py',
      ]),
    );
    expect(paths.some((p) => p.includes('[') || p.endsWith('.ejs') || p.endsWith('catalog.json'))).toBe(false);
  });

  it('writes metadata.yml in bisslog-schema format: path (not route), snake_case keys, name and actor', () => {
    const metadata = parse(renderSpec(spec({ useCases: ['createOrder', 'get-order'] })).get('metadata.yml')!);
    expect(Object.keys(metadata.use_cases)).toEqual(['create_order', 'get_order']);
    const getOrder = metadata.use_cases.get_order;
    expect(getOrder).toMatchObject({ name: 'get order', actor: 'client' });
    expect(getOrder.triggers[0]).toEqual({
      type: 'http',
      options: { method: 'get', path: '/orders/{order_id}', mapper: { 'path_query.order_id': 'order_id' } },
    });
    expect(JSON.stringify(metadata)).not.toContain('route');
    expect(getOrder.external_interactions).toEqual([{ keyname: 'orders', type_interaction: 'database', operation: 'get' }]);
  });

  it('escapes hostile names for YAML and TOML', () => {
    const name = `Bob's "x" \\ <%= 1 %> \${y}`;
    const files = renderSpec(spec({ name, description: 'line "two"' }));
    expect(parse(files.get('metadata.yml')!).name).toBe(name);
    expect(files.get('pyproject.toml')).toContain('name = "bob-s-x-1-y"');
    expect(files.get('pyproject.toml')).toContain('description = "line \\"two\\""');
  });

  it('lists the dependencies of the chosen pieces, sorted by package', () => {
    const pyproject = renderSpec(spec()).get('pyproject.toml')!;
    const deps = pyproject.split('dependencies = [')[1]!.split('\n]')[0]!;
    expect(deps.trim().split('\n').map((l) => l.trim().split(/[<>=[]/)[0]!.replace('"', ''))).toEqual([
      'bisslog',
      'bisslog-flask',
      'bisslog-schema',
      'flask',
      'gunicorn',
      'jsonschema',
      'PyYAML',
    ]);
  });

  it('has every use case declare its input and output, and fuzzes each HTTP app against the document', () => {
    const kinds = ['create_order', 'get_order', 'list_orders', 'update_order', 'delete_order', 'approve_order', 'send_invoice'];
    const files = renderSpec(spec({ entryPoints: ['flask', 'fastapi', 'lambda'], useCases: kinds }));
    for (const key of kinds) {
      const module = files.get(`src/domain/use_cases/${key}.py`)!;
      expect(module, key).toMatch(/^OUTPUT = /m);
      const takesBody = !/^(get|list|delete)_/.test(key);
      expect(/^INPUT = \{$/m.test(module) && module.includes('check_input(INPUT, '), key).toBe(takesBody);
    }
    expect(files.get('src/domain/use_cases/list_orders.py')).toContain('QUERY = {"limit": LIMIT, "after": AFTER}');
    const fuzz = files.get('tests/entry_points/test_openapi.py')!;
    expect(fuzz).toContain('flask_api = _api("src.infra.entry_points.flask.app", schemathesis.openapi.from_wsgi)');
    expect(fuzz).toContain('fastapi_api = _api("src.infra.entry_points.fastapi.app", schemathesis.openapi.from_asgi)');
    expect(fuzz).toContain('class TestFastapiWorkflows(fastapi_api.as_state_machine().TestCase):');
    // Lambda alone serves no OpenAPI document: the document is still tested, nothing is fuzzed.
    const lambdaOnly = renderSpec(spec({ entryPoints: ['lambda'] })).get('tests/entry_points/test_openapi.py')!;
    expect(lambdaOnly).toContain('def test_every_http_trigger_is_an_operation():');
    expect(lambdaOnly).not.toContain('schemathesis');
  });

  it('gives queue-fed use cases SQS-sized queue names, unique even when shortened', () => {
    const long = ['register_customer_billing_address_reco_a', 'register_customer_billing_address_reco_b'];
    const model = buildModel(spec({ name: 'x'.repeat(40), entryPoints: ['lambda'], useCases: long }), catalog);
    const queues = model.useCases.flatMap((uc) => [uc.consumers[0]!.queue, uc.consumers[0]!.deadLetterQueue]);
    expect(queues.map((q) => q.length)).toEqual([76, 80, 76, 80]);
    expect(new Set(queues).size).toBe(4);
    expect(buildModel(spec({ entryPoints: ['lambda'] }), catalog).useCases[0]!.consumers[0]!.queue).toBe('orders-create-order');
  });

  it('skips no generated test on the oldest supported Python (3.10): tomli stands in for tomllib there', () => {
    const files = renderSpec(spec({ entryPoints: ['flask', 'fastapi', 'lambda'] }));
    const pyproject = files.get('pyproject.toml')!;
    expect(pyproject).toContain('requires-python = ">=3.10"');
    expect(pyproject.split('dev = [')[1]!.split('\n]')[0]).toContain('"tomli>=2; python_version < \\"3.11\\"",');
    const skipping = [...files].filter(([path, text]) => path.startsWith('tests/') && /importorskip|pytest\.skip|skipif|mark\.skip/.test(text));
    expect(skipping.map(([path]) => path)).toEqual([]);
    expect(files.get('tests/entry_points/test_lambda.py')).toMatch(/^ {8}import tomli as tomllib$/m);
  });

  it('asks for tomli only with the entry point whose tests read pyproject.toml', () => {
    expect(renderSpec(spec()).get('pyproject.toml')).not.toContain('tomli');
  });

  it('serves from the highest-ranked runtimeDefault adapter chosen; memory warns when it serves', () => {
    const settings = (adapters: string[]) => renderSpec(spec({ adapters })).get('src/infra/settings.py')!;
    expect(settings(['memory'])).toContain('DEFAULT_ADAPTER = "memory"');
    expect(settings(['mongo'])).toContain('DEFAULT_ADAPTER = "memory"');
    expect(settings(['mongo', 'sql'])).toContain('DEFAULT_ADAPTER = "sql"');
    expect(renderSpec(spec({ adapters: ['sql'] })).get('.env.example')).toContain('\nADAPTER=sql\n');
    const setup = renderSpec(spec({ adapters: ['sql'] })).get('src/infra/setup.py')!;
    expect(setup).toMatch(/^UNFIT_TO_SERVE = \{\n {4}"memory": "data is per process and lost on restart; .*",\n\}$/m);
  });

  it("keeps an adapter's data folder out of git and the image context, and writable in the image", () => {
    const files = renderSpec(spec({ adapters: ['sql'] }));
    expect(files.get('.gitignore')).toMatch(/^\/var\/$/m);
    expect(files.get('.dockerignore')).toMatch(/^var\/$/m);
    expect(files.get('Dockerfile')).toContain('RUN mkdir var && chown 10001:10001 var\nVOLUME ["/app/var"]\nUSER 10001:10001');
    expect(renderSpec(spec()).get('.gitignore')).not.toContain('var');
  });

  it('writes the SQL adapter, its engine module and the Alembic note in the README', () => {
    const files = renderSpec(spec({ adapters: ['sql'] }));
    expect(files.get('src/infra/orders/impls/orders_sql.py')).toContain('class OrdersSqlDivision(');
    expect(files.get('src/infra/sql.py')).toContain('def ping(');
    expect(files.get('tests/adapters/support_sql.py')).toContain('BACKENDS = ("sqlite", "postgresql")');
    expect(files.get('README.md')).toContain('[Alembic](https://alembic.sqlalchemy.org/)');
    expect(files.get('pyproject.toml')).toContain('"SQLAlchemy>=2.0,<3",');
    expect(files.get('pyproject.toml')).toContain('"psycopg[binary]>=3.1,<4",');
  });

  it('refuses a service named like one of its own dependencies, which pip could never install', () => {
    expect(() => buildModel(spec({ name: 'Flask' }), catalog)).toThrow(
      'the service name "Flask" makes the Python project flask, one of its own dependencies (flask>=',
    );
    expect(() => buildModel(spec({ name: 'bisslog' }), catalog)).toThrow(/one of its own dependencies \(bisslog>=/);
    expect(() => buildModel(spec({ name: 'pytest' }), catalog)).toThrow(/one of its own dependencies \(pytest>=/);
    // Only the chosen layers' dependencies count: a Flask service may be called fastapi.
    expect(buildModel(spec({ name: 'fastapi' }), catalog).slug).toBe('fastapi');
    expect(() => buildModel(spec({ name: 'fastapi', entryPoints: ['fastapi'] }), catalog)).toThrow(/one of its own dependencies/);
  });

  it('refuses duplicate use cases, clashing routes and unknown pieces', () => {
    expect(() => buildModel(spec({ useCases: ['get_order', 'getOrder'] }), catalog)).toThrow(/"get_order" is given twice/);
    expect(() => buildModel(spec({ useCases: ['create_order', 'add_order'] }), catalog)).toThrow(/both answer POST \/orders/);
    expect(() => buildModel(spec({ useCases: [{ name: 'probe_health', path: '/health' }] }), catalog)).toThrow(
      '/health is reserved for the health check every HTTP entry point serves; give use case "probe_health" another path',
    );
    for (const path of ['/openapi.json', '/docs', '/docs/oauth2-redirect', '/redoc']) {
      expect(() => buildModel(spec({ useCases: [{ name: 'get_page', method: 'get', path }] }), catalog)).toThrow(`${path} is reserved for `);
    }
    expect(() => buildModel(spec({ useCases: [{ name: 'mark_ready', method: 'post', path: '/ready' }] }), catalog)).toThrow(/^\/ready is reserved for the readiness check/);
    expect(() => buildModel(spec({ useCases: [{ name: 'get_observability', port: 'observability' }] }), catalog)).toThrow(
      'port name "observability" is taken by src/infra/observability; choose another port',
    );
    expect(() => buildModel(spec({ description: ' ' }), catalog)).toThrow('description is empty');
    expect(() => buildModel(spec({ team: '' }), catalog)).toThrow('team is empty');
    expect(() => buildModel(spec({ useCases: ['records'] }), catalog)).toThrow('use case "records" has the same name as its own port (a use case is named by a verb, e.g. list_records); rename it');
    expect(() => buildModel(spec({ useCases: ['get_order', 'orders'] }), catalog)).toThrow('use case "orders" has the same name as the port of use case "get_order"; rename it');
    expect(() => buildModel(spec({ adapters: ['redis'] }), catalog)).toThrow(/unknown adapter "redis"; choose from memory/);
    expect(() => buildModel(spec({ entryPoints: [] }), catalog)).toThrow(/at least one entry point/);
    expect(() => buildModel(spec({ name: '日本' }), catalog)).toThrow(/must start with an ASCII letter/);
  });
});
