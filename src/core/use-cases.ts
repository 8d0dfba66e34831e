import { usageError } from '../errors.js';
import { identifierProblem, pluralize, singularize, toKebabCase, toPascalCase, toSnakeCase } from './names.js';

/**
 * A use case's name decides what it does: `create_order` is a POST /orders that stores an
 * order through the `orders` port, `get_order` a GET /orders/{order_id}, and so on. Names
 * with an unknown verb become commands: POST /<name> that records the request.
 */
export type Verb = 'create' | 'get' | 'list' | 'update' | 'delete' | 'command';

interface VerbRule {
  verb: Exclude<Verb, 'command'>;
  prefixes: string[];
}

const VERB_RULES: VerbRule[] = [
  { verb: 'create', prefixes: ['create', 'add', 'register', 'new', 'save'] },
  { verb: 'get', prefixes: ['get', 'find', 'fetch', 'read', 'show', 'retrieve'] },
  { verb: 'list', prefixes: ['list', 'search', 'browse'] },
  { verb: 'update', prefixes: ['update', 'edit', 'change', 'modify', 'rename'] },
  { verb: 'delete', prefixes: ['delete', 'remove', 'archive'] },
];

const METADATA_TYPE: Record<Verb, string> = {
  create: 'create functional data',
  get: 'read functional data',
  list: 'read list functional data',
  update: 'update functional data',
  delete: 'delete functional data',
  command: 'process functional data',
};

const CRITICALITY: Record<Verb, string> = {
  create: 'high',
  get: 'medium',
  list: 'medium',
  update: 'high',
  delete: 'high',
  command: 'medium',
};

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface PortModel {
  /** Division name: attribute on bisslog_db and module folder, e.g. `orders`. */
  key: string;
  className: string;
  /** Singular entity, e.g. `order`. */
  entity: string;
  /** Path parameter and use-case argument naming one entity, e.g. `order_id`. */
  idParam: string;
}

export interface HttpRoute {
  method: HttpMethod;
  path: string;
  /** bisslog mapper: request source → use-case keyword argument. */
  mapper: Record<string, string>;
}

export interface ConsumerTrigger {
  keyname: string;
  queue: string;
  /** The use-case argument the message body is mapped to. */
  argument: string;
}

export interface UseCaseModel {
  key: string;
  className: string;
  /** Words for humans: `create order`. */
  title: string;
  verb: Verb;
  port: PortModel;
  http: HttpRoute;
  metadataType: string;
  criticality: string;
  /** The port method the use case calls (metadata `operation`). */
  operation: string;
  description: string;
  /** Domain error keynames: `invalid-order`, `order-not-found`. */
  errorSlug: string;
  notFoundSlug: string;
  /** Queue triggers, filled in when an entry point consumes queues. */
  consumers: ConsumerTrigger[];
}

const PORT_OPERATION: Record<Verb, string> = {
  create: 'save',
  get: 'get',
  list: 'list_all',
  update: 'update',
  delete: 'delete',
  command: 'save',
};

export interface UseCaseOverrides {
  port?: string;
  method?: HttpMethod;
  path?: string;
}

/** Modules of src/infra that are not ports: a port by one of these names would collide. */
const RESERVED_PORTS = new Set(['entry_points', 'settings', 'setup', 'mongo', 'impls']);

export function portModel(key: string): PortModel {
  if (RESERVED_PORTS.has(key)) throw usageError(`port name "${key}" is taken by src/infra/${key}; choose another port`);
  const entity = singularize(key);
  return { key, className: `${toPascalCase(key)}Division`, entity, idParam: `${entity}_id` };
}

function splitVerb(key: string): { verb: Verb; subject: string } {
  for (const rule of VERB_RULES) {
    for (const prefix of rule.prefixes) {
      if (key.startsWith(`${prefix}_`)) return { verb: rule.verb, subject: key.slice(prefix.length + 1) };
    }
  }
  const words = key.split('_');
  return { verb: 'command', subject: words.length > 1 ? words[words.length - 1]! : key };
}

/** Normalises and validates a use-case name; throws a usage error naming the problem. */
export function normalizeUseCaseName(raw: string): string {
  const problem = identifierProblem('use case name', raw);
  if (problem) throw usageError(problem);
  return toSnakeCase(raw);
}

export function normalizePortName(raw: string): string {
  const problem = identifierProblem('port name', raw);
  if (problem) throw usageError(problem);
  return toSnakeCase(raw);
}

function defaultRoute(verb: Verb, key: string, port: PortModel): HttpRoute {
  const collection = `/${toKebabCase(port.key)}`;
  const item = `${collection}/{${port.idParam}}`;
  const byId = { [`path_query.${port.idParam}`]: port.idParam };
  switch (verb) {
    case 'create':
      return { method: 'post', path: collection, mapper: { body: 'data' } };
    case 'get':
      return { method: 'get', path: item, mapper: byId };
    case 'list':
      return { method: 'get', path: collection, mapper: { 'params.limit': 'limit' } };
    case 'update':
      return { method: 'put', path: item, mapper: { ...byId, body: 'changes' } };
    case 'delete':
      return { method: 'delete', path: item, mapper: byId };
    case 'command':
      return { method: 'post', path: `/${toKebabCase(key)}`, mapper: { body: 'data' } };
  }
}

const PATH_PATTERN = /^(\/[a-z0-9][a-z0-9._~-]*|\/\{[a-z][a-z0-9_]*\})+$/;

/** Derives everything a use case needs from its (already normalised) name. */
export function useCaseModel(key: string, overrides: UseCaseOverrides = {}): UseCaseModel {
  const { verb, subject } = splitVerb(key);
  if (subject === '') throw usageError(`use case name "${key}" needs a subject, e.g. ${key}_order`);
  const port = portModel(overrides.port ?? pluralize(singularize(subject)));
  const route = defaultRoute(verb, key, port);
  if (overrides.path !== undefined) {
    if (!PATH_PATTERN.test(overrides.path)) {
      throw usageError(`path "${overrides.path}" must look like /orders or /orders/{order_id} (lower-case)`);
    }
    if (['get', 'update', 'delete'].includes(verb) && !overrides.path.includes(`{${port.idParam}}`)) {
      throw usageError(`path "${overrides.path}" must contain {${port.idParam}} for a ${verb} use case`);
    }
    route.path = overrides.path;
    const params = [...overrides.path.matchAll(/\{([a-z0-9_]+)\}/g)].map((m) => m[1]!);
    route.mapper = Object.fromEntries([
      ...params.map((p) => [`path_query.${p}`, p]),
      ...Object.entries(route.mapper).filter(([source]) => !source.startsWith('path_query.')),
    ]);
  }
  if (overrides.method !== undefined) route.method = overrides.method;
  const entityWords = port.entity.replace(/_/g, ' ');
  const article = /^[aeiou]/.test(entityWords) ? 'an' : 'a';
  const descriptions: Record<Verb, string> = {
    create: `Creates ${article} ${entityWords} and returns it with its id`,
    get: `Returns one ${entityWords} by id`,
    list: `Returns the stored ${port.key.replace(/_/g, ' ')}`,
    update: `Applies changes to an existing ${entityWords}`,
    delete: `Deletes ${article} ${entityWords} by id`,
    command: `Handles a ${key.replace(/_/g, ' ')} request and records it`,
  };
  return {
    key,
    className: toPascalCase(key),
    title: key.replace(/_/g, ' '),
    verb,
    port,
    http: route,
    metadataType: METADATA_TYPE[verb],
    criticality: CRITICALITY[verb],
    operation: PORT_OPERATION[verb],
    description: descriptions[verb],
    errorSlug: toKebabCase(port.entity),
    notFoundSlug: `${toKebabCase(port.entity)}-not-found`,
    consumers: [],
  };
}

/** Method and path with parameter names erased: `/a/{x}` and `/a/{y}` are the same route. */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`;
}

/** Two use cases answering the same method and path would shadow each other. */
export function routeClash(useCases: UseCaseModel[]): string | undefined {
  const seen = new Map<string, string>();
  for (const uc of useCases) {
    const route = routeKey(uc.http.method, uc.http.path);
    const other = seen.get(route);
    if (other) return `use cases ${other} and ${uc.key} both answer ${uc.http.method.toUpperCase()} ${uc.http.path}`;
    seen.set(route, uc.key);
  }
  return undefined;
}
