import { toKebabCase } from '../core/names.js';
import type { UseCaseModel } from '../core/use-cases.js';
import { pyString } from '../render/escape.js';
import type { Conventions } from './conventions.js';
import type { PyMethod } from './python-source.js';

/**
 * What a new use case on a team's port looks like, every piece ready for the templates: how
 * each argument of the port method is fed from the request (the mapper), the call, what the use
 * case answers, and the sample values its test uses. Pure.
 */
export interface TeamUseCaseView {
  key: string;
  className: string;
  style: Conventions['style'];
  lineLength: number;
  /** Module-level instance (class style), as the team names them. */
  instance?: string;
  dbName: string;
  module: string;
  summary: string;
  /** The use case's parameters, as `name: annotation` or `name`. */
  params: string[];
  /** The body of the use case, one line an entry, not indented. */
  body: string[];
  notFound: boolean;
  port: { key: string; className: string; module: string; method: string };
  mapper: Record<string, string>;
  test: {
    /** What the test passes for each use-case argument (Python literals); the method gets the same. */
    args: Array<[string, string]>;
    /** What the double's method returns, and the answer the use case must give then. */
    returns: string;
    expected: string;
  };
}

// Names whose whole value is the query string or the body, not one field of it.
const QUERY_CONTAINERS = /^(params|query|filters|criteria|where|conditions|search)$/;
const BODY_KINDS = new Set(['create', 'update', 'action', 'command']);
const RESULT_KEY: Record<string, string> = { create: 'id', list: 'items', update: 'updated', delete: 'deleted', action: 'result', command: 'result' };
const SAMPLE_RECORD = '{"field": "value"}';

type Source = 'path' | 'whole' | 'field';

/**
 * Where each argument of the port method comes from: a path parameter of the same name, else
 * the body (kinds that take one) or the query string: the whole of it for the only required
 * argument, or for a query argument named like one (`filters`), else one field each.
 * Optional arguments the request cannot fill keep their defaults.
 */
function feedOf(method: PyMethod, uc: UseCaseModel): { mapper: Record<string, string>; fed: Array<{ name: string; source: Source }> } {
  const mapper: Record<string, string> = Object.fromEntries(uc.http.params.map((p) => [`path_query.${p}`, p]));
  const fed: Array<{ name: string; source: Source }> = [];
  const section = BODY_KINDS.has(uc.kind) && !['get', 'delete'].includes(uc.http.method) ? 'body' : 'params';
  const rest = method.params.filter((p) => !uc.http.params.includes(p.name));
  const required = rest.filter((p) => !p.hasDefault);
  const whole =
    section === 'body'
      ? (required.length === 1 ? required[0] : undefined)
      : (rest.find((p) => QUERY_CONTAINERS.test(p.name)) ?? (required.length === 1 ? required[0] : undefined));
  for (const param of method.params) {
    if (uc.http.params.includes(param.name)) fed.push({ name: param.name, source: 'path' });
    else if (param === whole) {
      mapper[section] = param.name;
      fed.push({ name: param.name, source: 'whole' });
    } else if (!param.hasDefault) {
      mapper[`${section}.${param.name}`] = param.name;
      fed.push({ name: param.name, source: 'field' });
    }
  }
  return { mapper, fed };
}

/** A statement as ruff formats it: on one line when it fits, else one argument a line. */
function callLines(head: string, args: string[], indent: number, width: number): string[] {
  const line = `${head}(${args.join(', ')})`;
  if (indent + line.length <= width || args.length === 0) return [line];
  return [`${head}(`, ...args.map((a) => `    ${a},`), ')'];
}

export function teamUseCaseView(uc: UseCaseModel, port: { key: string; className: string; module: string }, method: PyMethod, conventions: Conventions, module: string): TeamUseCaseView {
  const { mapper, fed } = feedOf(method, uc);
  const db = conventions.dbName;
  const noValue = method.returns === 'None';
  const call = callLines(
    `${noValue ? '' : uc.kind === 'get' ? 'found = ' : 'result = '}${db}.${port.key}.${method.name}`,
    fed.map((f) => `${f.name}=${f.name}`),
    conventions.style === 'class' ? 8 : 4,
    conventions.lineLength,
  );
  const subject = uc.key.split('_').slice(1).join('_') || uc.key;
  const notFound = uc.kind === 'get' && !noValue;
  const body = notFound
    ? [...call, 'if found is None:', `    raise NotFound(${pyString(`${toKebabCase(subject)}-not-found`)}, "nothing found")`, 'return found']
    : [...call, noValue ? 'return {}' : `return {${pyString(RESULT_KEY[uc.kind]!)}: result}`];
  const sample = (f: { name: string; source: string }) => (f.source === 'whole' ? SAMPLE_RECORD : pyString(`${toKebabCase(f.name)}-1`));
  const returns = noValue ? 'None' : uc.kind === 'list' ? `[${SAMPLE_RECORD}]` : uc.kind === 'get' ? SAMPLE_RECORD : uc.kind === 'create' ? '"id-1"' : 'True';
  const args: Array<[string, string]> = fed.map((f) => [f.name, sample(f)]);
  const annotation = (f: { name: string; source: string }) => (f.source === 'path' ? `${f.name}: str` : f.source === 'whole' ? `${f.name}: dict` : f.name);
  return {
    key: uc.key,
    className: uc.className,
    style: conventions.style,
    lineLength: conventions.lineLength,
    ...(conventions.style === 'class' && conventions.instance ? { instance: uc.key.toUpperCase() } : {}),
    dbName: db,
    module,
    summary: `${uc.title[0]!.toUpperCase()}${uc.title.slice(1)} through the ${port.key} port (${method.name}).`,
    params: fed.map(annotation),
    body,
    notFound,
    port: { ...port, method: method.name },
    mapper,
    test: {
      args,
      returns,
      expected: noValue ? '{}' : uc.kind === 'get' ? returns : `{${pyString(RESULT_KEY[uc.kind]!)}: ${returns}}`,
    },
  };
}
