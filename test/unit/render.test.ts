import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ServiceSpec, buildModel } from '../../src/core/spec.js';
import { pyString } from '../../src/render/escape.js';
import { compileTemplates } from '../../src/render/compile.js';
import { render } from '../../src/render/render.js';
import { VERSION, catalog, renderSpec, specWith, templates } from './real-templates.js';

const BASE: ServiceSpec = {
  name: 'shop',
  description: 'Sells things',
  team: 'sales',
  entryPoints: ['flask'],
  adapters: [],
  useCases: ['create_order', 'get_order', 'list_orders', 'update_order', 'delete_order', 'send_invoice'],
};
const spec = (overrides: Partial<ServiceSpec> = {}) => specWith(BASE, overrides);

describe('render: templates that render nothing', () => {
  const model = buildModel(spec(), catalog);

  it('refuses a port named like a module an adapter writes, even an adapter not chosen', () => {
    expect(() => buildModel(spec({ useCases: [{ name: 'get_thing', port: 'mongo' }] }), catalog)).toThrow(
      'port name "mongo" is taken by src/infra/mongo.py of mongo; choose another port',
    );
  });

  it('skips an .ejs template whose output is only whitespace', () => {
    const files = render(
      model,
      compileTemplates([
        ['base/kept.txt.ejs', 'hello <%- it.model.slug %>\n'],
        ['base/skipped.txt.ejs', '<%_ if (it.model.entryPoints.length === 0) { _%>\nnever\n<%_ } _%>\n  \n\t\n'],
        ['base/src/maybe.py.ejs', '<% if (false) { %>x = 1<% } %>'],
      ]),
      VERSION,
    );
    expect(files.get('kept.txt')).toBe('hello shop\n');
    expect(files.has('skipped.txt')).toBe(false);
    expect(files.has('src/maybe.py')).toBe(false);
    // No package marker for a folder whose only module was skipped.
    expect(files.has('src/__init__.py')).toBe(false);
  });

  it('ends every file with exactly one newline, whatever whitespace the template leaves', () => {
    const files = render(
      model,
      compileTemplates([
        ['base/a.txt.ejs', 'a\n\n  \n'],
        ['base/b.txt.ejs', 'b'],
        ['base/c.txt.ejs', 'c\n'],
        ['base/d.txt.ejs', 'd\u00a0\t\r\n'],
        ['base/e.txt', 'e  \n\n'],
      ]),
      VERSION,
    );
    expect(Object.fromEntries(files)).toEqual({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n', 'd.txt': 'd\n', 'e.txt': 'e\n' });
  });

  it('keeps an empty file that is not a template', () => {
    const files = render(model, new Map([['base/py.typed', '']]), VERSION);
    expect(files.get('py.typed')).toBe('\n');
  });

  it('skips per use case, so one [use_case] template can opt out for some of them', () => {
    const files = render(
      model,
      compileTemplates([['base/notes/[use_case].md.ejs', "<%_ if (it.uc.kind === 'create') { _%>\n# <%- it.uc.key %>\n<%_ } _%>\n"]]),
      VERSION,
    );
    expect([...files.keys()]).toEqual(['notes/create_order.md']);
  });
});

describe('entry points and deployment files', () => {
  it('writes a Dockerfile and .dockerignore only when an entry point serves HTTP', () => {
    const lambdaOnly = renderSpec(spec({ entryPoints: ['lambda'] }));
    expect(lambdaOnly.has('Dockerfile')).toBe(false);
    expect(lambdaOnly.has('.dockerignore')).toBe(false);

    for (const [entryPoints, command] of [
      [['flask', 'fastapi', 'lambda'], 'CMD ["gunicorn", "--bind", "0.0.0.0:8000", "src.infra.entry_points.flask.app:app"]'],
      [['fastapi', 'lambda'], 'CMD ["uvicorn", "--host", "0.0.0.0", "--port", "8000", "src.infra.entry_points.fastapi.app:app"]'],
    ] as const) {
      const files = renderSpec(spec({ entryPoints: [...entryPoints] }));
      const dockerfile = files.get('Dockerfile')!;
      expect(dockerfile).toContain('FROM python:3.12-slim');
      expect(dockerfile).toContain(command);
      // A numeric user, not root; a health check on the liveness route.
      expect(dockerfile).toMatch(/^USER [1-9]\d*:[1-9]\d*$/m);
      expect(dockerfile).toMatch(/^HEALTHCHECK .*\\\n\s+CMD \[.*http:\/\/127\.0\.0\.1:8000\/health/m);
      // Dependencies from pyproject.toml alone, before any source: code changes reuse that layer.
      const lines = dockerfile.split('\n');
      const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
      expect(at(/^COPY pyproject\.toml \.\/$/)).toBeGreaterThan(-1);
      expect(at(/pip install -r /)).toBeGreaterThan(at(/^COPY pyproject\.toml/));
      expect(at(/^COPY (src|metadata|README)/)).toBeGreaterThan(at(/pip install -r /));
      expect(dockerfile).toMatch(/^RUN pip install --no-deps \.$/m);
      expect(files.get('.dockerignore')).toContain('.venv/');
    }
  });

  it("runs the workflow's drift check when the release is on the registry, skips it with a notice when npm says E404, and fails otherwise", () => {
    const workflow = parse(renderSpec(spec()).get('.github/workflows/ci.yml')!);
    const script = workflow.jobs.test.steps.at(-1).run as string;
    const bin = mkdtempSync(join(tmpdir(), 'cbs-ci-step-'));
    // Stand-ins for npm and npx: npm view answers as FAKE_NPM says, npx prints what it would run.
    writeFileSync(join(bin, 'npm'), '#!/bin/sh\ncase "$FAKE_NPM" in ok) echo 0.2.0;; e404) echo "npm error code E404" >&2; exit 1;; *) echo "npm error code ECONNRESET" >&2; exit 1;; esac\n', { mode: 0o755 });
    writeFileSync(join(bin, 'npx'), '#!/bin/sh\necho "npx $*"\n', { mode: 0o755 });
    // As GitHub runs a step: bash -e, in the checkout.
    const step = (fake: string) => spawnSync('bash', ['-e', '-c', script], { cwd: bin, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_NPM: fake } });
    const published = step('ok');
    expect([published.status, published.stdout]).toEqual([0, `npx --yes create-bisslog-service@${VERSION} check\n`]);
    const missing = step('e404');
    expect([missing.status, missing.stdout]).toEqual([0, `::notice::create-bisslog-service@${VERSION} is not on the npm registry; metadata check skipped\n`]);
    const down = step('down');
    expect([down.status, down.stdout]).toEqual([1, 'npm error code ECONNRESET\n']);
  });

  it('writes a CI workflow that lints, checks formatting, tests and checks for drift', () => {
    const workflow = parse(renderSpec(spec()).get('.github/workflows/ci.yml')!);
    const steps = workflow.jobs.test.steps.map((s: { run?: string }) => s.run).filter(Boolean);
    expect(steps).toEqual([
      'pip install -e ".[dev]"',
      'ruff check .',
      'ruff format --check .',
      'pytest',
      expect.stringContaining(`npx --yes "create-bisslog-service@${VERSION}" check`),
    ]);
    // Without a server-backed adapter, no service container.
    expect(workflow.jobs.test.services).toBeUndefined();
    expect(workflow.jobs.test.steps[1].with['python-version']).toBe('3.12');
    expect(workflow.jobs.docker).toBeDefined();
    expect(parse(renderSpec(spec({ entryPoints: ['lambda'] })).get('.github/workflows/ci.yml')!).jobs.docker).toBeUndefined();
  });

  it("runs each adapter's server in CI and points the tests at it", () => {
    const workflow = parse(renderSpec(spec({ adapters: ['mongo'] })).get('.github/workflows/ci.yml')!);
    const mongo = workflow.jobs.test.services.mongo;
    expect(mongo.image).toBe('mongo:7');
    expect(mongo.ports).toEqual(['27017:27017']);
    expect(mongo.options).toContain(`--health-cmd "mongosh --quiet --eval 'db.runCommand({ping:1}).ok'"`);
    expect(workflow.jobs.test.env).toEqual({ MONGO_URL: 'mongodb://localhost:27017' });
  });

  it('writes a compose.yaml: the service from its Dockerfile and each backend with a health check and a volume', () => {
    const compose = parse(renderSpec(spec({ entryPoints: ['flask', 'lambda'], adapters: ['mongo'] })).get('compose.yaml')!);
    expect(Object.keys(compose.services)).toEqual(['app', 'mongo']);
    expect(compose.services.app).toMatchObject({
      build: '.',
      ports: ['8000:8000'],
      environment: { ADAPTER: 'mongo', MONGO_URL: 'mongodb://mongo:27017', MONGO_DB: 'app', LOG_FORMAT: 'json' },
      depends_on: { mongo: { condition: 'service_healthy' } },
    });
    expect(compose.services.mongo.healthcheck.test).toEqual(['CMD', 'mongosh', '--quiet', '--eval', 'db.runCommand({ping:1}).ok']);
    expect(compose.services.mongo.volumes).toEqual(['mongo-data:/data/db']);
    expect(Object.keys(compose.volumes)).toEqual(['mongo-data']);

    const memory = parse(renderSpec(spec()).get('compose.yaml')!);
    expect(Object.keys(memory.services)).toEqual(['app']);
    expect(memory.services.app.environment).toEqual({ ADAPTER: 'memory', LOG_FORMAT: 'json' });
    // Lambda only: the backends, published on their ports for local tests; nothing at all without one.
    const backends = parse(renderSpec(spec({ entryPoints: ['lambda'], adapters: ['mongo'] })).get('compose.yaml')!);
    expect(Object.keys(backends.services)).toEqual(['mongo']);
    expect(backends.services.mongo.ports).toEqual(['27017:27017']);
    expect(renderSpec(spec({ entryPoints: ['lambda'] })).has('compose.yaml')).toBe(false);
    // Adapters sharing a setting (the AWS ones) name it once: a repeated key is not YAML.
    const aws = parse(renderSpec(spec({ adapters: ['sql', 'mongo', 'dynamodb', 'sqs'] })).get('compose.yaml')!);
    expect(Object.keys(aws.services.app.environment).filter((name) => name.startsWith('AWS_'))).toEqual(['AWS_REGION', 'AWS_ENDPOINT_URL']);
  });

  it('lists each adapter readiness check the catalog declares, and serves /health and /ready only over HTTP', () => {
    const health = renderSpec(spec({ adapters: ['mongo'] })).get('src/infra/entry_points/health.py')!;
    expect(health).toContain('CHECKS: dict[str, str] = {\n    "mongo": "src.infra.mongo:ping",\n}');
    expect(renderSpec(spec()).get('src/infra/entry_points/health.py')).toContain('CHECKS: dict[str, str] = {}');
    const lambdaOnly = renderSpec(spec({ entryPoints: ['lambda'] }));
    expect(lambdaOnly.has('src/infra/entry_points/health.py')).toBe(false);
    expect(lambdaOnly.has('tests/entry_points/test_health.py')).toBe(false);
  });

  it("starts the servers the chosen adapters' tests need in the CI workflow, and points the tests at them", () => {
    const workflow = parse(renderSpec(spec({ adapters: ['sql'] })).get('.github/workflows/ci.yml')!);
    expect(workflow.jobs.test.services.postgres).toMatchObject({ image: 'postgres:16', ports: ['5432:5432'] });
    expect(workflow.jobs.test.services.postgres.env).toEqual({ POSTGRES_PASSWORD: 'postgres' });
    expect(workflow.jobs.test.env).toEqual({ DATABASE_URL: 'postgresql+psycopg://postgres:postgres@localhost:5432/postgres' });
    expect(parse(renderSpec(spec({ adapters: [] })).get('.github/workflows/ci.yml')!).jobs.test.services).toBeUndefined();
  });

  it('adds the FastAPI pieces: app, client, OpenAPI test, dependencies and the pytest warning filter', () => {
    const files = renderSpec(spec({ entryPoints: ['fastapi'], name: `Bob's "shop"`, description: 'a \\ b' }));
    const app = files.get('src/infra/entry_points/fastapi/app.py')!;
    expect(app).toContain(`title=${pyString(`Bob's "shop"`)},`);
    expect(app).toContain('description="a \\\\ b",');
    expect(files.has('tests/entry_points/client_fastapi.py')).toBe(true);
    expect(files.get('tests/entry_points/test_fastapi.py')).toContain('"DELETE /orders/{order_id}",');
    expect(files.get('tests/entry_points/test_http.py')).toContain('CLIENTS = ("fastapi",)');
    const pyproject = files.get('pyproject.toml')!;
    expect(pyproject).toContain('"bisslog-fastapi>=0.0.1,<0.1"');
    expect(pyproject).toContain('"httpx>=0.27,<1"');
    expect(pyproject).toContain('filterwarnings = [\n    "ignore:Using `httpx` with `starlette.testclient` is deprecated",\n]');
    expect(renderSpec(spec()).get('pyproject.toml')).not.toContain('filterwarnings');
  });

  it('writes a SAM template that parses and deploys every route and queue of the model', () => {
    const model = buildModel(spec({ entryPoints: ['flask', 'lambda'] }), catalog);
    const files = render(model, templates, VERSION);
    const template = parse(files.get('template.yaml')!);
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    const fn = template.Resources.RouterFunction.Properties;
    expect(fn).toMatchObject({
      CodeUri: '.',
      Handler: 'src.infra.entry_points.lambda_aws.handler.lambda_handler',
      Runtime: 'python3.12',
    });
    const events = Object.values(fn.Events) as { Type: string; Properties: Record<string, unknown> }[];
    expect(events.filter((e) => e.Type === 'HttpApi').map((e) => `${e.Properties.Method} ${e.Properties.Path}`)).toEqual(
      model.useCases.map((uc) => `${uc.http.method.toUpperCase()} ${uc.http.path}`),
    );
    const sqs = events.filter((e) => e.Type === 'SQS');
    const queueIds = sqs.map((e) => (e.Properties.Queue as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!);
    // No queue is named by hand, so two stacks fit in one account; the router reads their URLs.
    const variables = fn.Environment.Variables;
    expect(queueIds.map((id) => variables[`SQS_QUEUE_${id.replace(/Queue$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`])).toEqual(
      queueIds.map((id) => ({ Ref: id })),
    );
    const queues = queueIds.map((id) => template.Resources[id]);
    expect(queues.map((q) => q.Properties.QueueName)).toEqual([undefined, undefined]);
    expect(queues.map((q) => q.Properties.RedrivePolicy.maxReceiveCount)).toEqual([6, 6]);
    for (const q of queues) expect(template.Resources[q.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]].Type).toBe('AWS::SQS::Queue');
    for (const e of sqs) expect(e.Properties).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });

    // The Lambda package carries no HTTP server.
    const packaged = files.get('requirements.txt')!.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(packaged).toEqual(model.dependencies.filter((d) => !/^(flask|gunicorn|bisslog-flask)\b/i.test(d)));
    expect(packaged.some((d) => /flask|fastapi|gunicorn|uvicorn/i.test(d))).toBe(false);
    expect(files.get('tests/entry_points/test_http.py')).toContain('CLIENTS = ("flask", "lambda_v1", "lambda_v2", "lambda_v1_route", "lambda_v2_route")');
    expect(files.get('README.md')).toContain('sam build && sam deploy --guided');
    expect(files.has('src/infra/entry_points/lambda_aws/__init__.py')).toBe(true);
  });

  it('writes a SAM template without queues when no use case consumes one', () => {
    const template = parse(renderSpec(spec({ entryPoints: ['lambda'], useCases: ['get_order'] })).get('template.yaml')!);
    expect(Object.keys(template.Resources)).toEqual(['RouterFunction']);
    expect(Object.keys(template.Resources.RouterFunction.Properties.Events)).toEqual(['GetOrderHttp']);
  });

  it("passes every adapter's environment variables to the function as template parameters", () => {
    const adapters = catalog.adapters.filter((a) => a.env.length > 0).map((a) => a.id);
    const model = buildModel(spec({ entryPoints: ['lambda'], adapters }), catalog);
    const template = parse(render(model, templates, VERSION).get('template.yaml')!);
    const variables = template.Resources.RouterFunction.Properties.Environment.Variables;
    expect(variables.ADAPTER).toEqual({ Ref: 'Adapter' });
    expect(template.Parameters.Adapter.AllowedValues).toEqual(model.databaseAdapters.map((a) => a.id));
    for (const v of model.env) {
      if (v.sam === 'omit') expect(variables[v.name]).toBeUndefined();
      else if (v.sam === 'parameter') expect(template.Parameters[variables[v.name].Ref]).toMatchObject({ Type: 'String', Default: '' });
      else expect(variables[v.name]).toEqual({ 'Fn::Sub': v.sam.sub });
    }
  });

  it('hides exactly the variables the catalog marks secret (NoEcho), whatever their names', () => {
    const mongo = buildModel(spec({ entryPoints: ['lambda'], adapters: ['mongo'] }), catalog);
    const parameters = parse(render(mongo, templates, VERSION).get('template.yaml')!).Parameters;
    expect(parameters.MongoUrl.NoEcho).toBe(true);
    expect(parameters.MongoDb.NoEcho).toBeUndefined();

    const model = buildModel(spec({ entryPoints: ['lambda'], adapters: ['mongo'] }), catalog);
    const env = [
      { name: 'CACHE_KEY_PREFIX', example: 'x', description: 'not a secret despite its name', secret: false, sam: 'parameter' as const },
      { name: 'DSN', example: 'x', description: 'holds a password', secret: true, sam: 'parameter' as const },
    ];
    const custom = { ...model, env: env.map((v) => ({ ...v, layer: 'MongoDB' })) };
    const declared = parse(render(custom, templates, VERSION).get('template.yaml')!).Parameters;
    expect(declared.CacheKeyPrefix.NoEcho).toBeUndefined();
    expect(declared.Dsn.NoEcho).toBe(true);
  });

  it('keeps hostile text inside YAML strings in the SAM template', () => {
    const name = `x: "y" # z`;
    const template = parse(renderSpec(spec({ entryPoints: ['lambda'], name, description: `${name} too` })).get('template.yaml')!);
    expect(template.Description).toBe(`${name} too`);
    expect(template.Resources.RouterFunction.Properties.Description).toBe(`${name}: every HTTP route, queue consumer and schedule`);
  });
});
