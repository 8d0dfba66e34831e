import { usageError } from './errors.js';
import {
  identifierProblem,
  pastParticiple,
  pluralize,
  singularize,
  toKebabCase,
  toPascalCase,
  toSnakeCase,
} from './names.js';

/**
 * What a use case does, read from the verb at the front of its name:
 * - create, get, list, update, delete: the usual operations on a collection or one entity;
 * - action: a domain operation on one existing entity (`approve_order`): loads it, 404 when
 *   missing, applies the change, stores it, answers the entity with the same id;
 * - command: a request with no entity behind it (`send_invoice`): records what was asked.
 */
export const KINDS = ['create', 'get', 'list', 'update', 'delete', 'action', 'command'] as const;
export type Kind = (typeof KINDS)[number];

/** Verbs that name each kind; an unknown verb is an action when its subject is a port, else a command. */
const VERBS: Record<Exclude<Kind, 'command'>, string[]> = {
  create: ['create', 'add', 'register', 'new', 'save'],
  get: ['get', 'find', 'fetch', 'read', 'show', 'retrieve', 'load', 'view'],
  list: ['list', 'search', 'browse'],
  update: ['update', 'edit', 'change', 'modify', 'rename'],
  delete: ['delete', 'remove', 'destroy', 'erase'],
  action: [
    'approve', 'reject', 'cancel', 'archive', 'unarchive', 'restore', 'close', 'reopen', 'ship',
    'deliver', 'complete', 'confirm', 'activate', 'deactivate', 'enable', 'disable', 'publish',
    'unpublish', 'submit', 'accept', 'decline', 'lock', 'unlock', 'suspend', 'resume', 'block',
    'unblock', 'verify', 'refund', 'fulfill', 'dispatch', 'expire', 'finish', 'start', 'stop',
  ],
};

/** Everything that differs between kinds, in one place; templates print these fields. */
interface KindRule {
  metadataType: string;
  criticality: string;
  /** Port methods the use case calls (metadata `external_interactions[].operation`). */
  operations: string[];
  /** Whether the route names one entity by its id. */
  onEntity: boolean;
  method: HttpMethod;
  /** The use-case argument the request body maps to, if it takes one, and its annotation. */
  body?: 'data' | 'changes';
  bodyAnnotation?: string;
  /** Query parameters the use case reads (all optional strings). */
  query?: string[];
  /** Status of a successful HTTP answer: 201 comes with a Location header. */
  status: 200 | 201 | 202;
}

const KIND_RULES: Record<Kind, KindRule> = {
  create: { metadataType: 'create functional data', criticality: 'high', operations: ['save'], onEntity: false, method: 'post', body: 'data', status: 201 },
  get: { metadataType: 'read functional data', criticality: 'medium', operations: ['get'], onEntity: true, method: 'get', status: 200 },
  list: { metadataType: 'read list functional data', criticality: 'medium', operations: ['list'], onEntity: false, method: 'get', query: ['limit', 'after'], status: 200 },
  update: { metadataType: 'update functional data', criticality: 'high', operations: ['update'], onEntity: true, method: 'put', body: 'changes', status: 200 },
  delete: { metadataType: 'delete functional data', criticality: 'high', operations: ['delete'], onEntity: true, method: 'delete', status: 200 },
  action: { metadataType: 'update functional data', criticality: 'high', operations: ['get', 'update'], onEntity: true, method: 'post', body: 'data', bodyAnnotation: 'dict | None = None', status: 200 },
  command: { metadataType: 'process functional data', criticality: 'medium', operations: ['save'], onEntity: false, method: 'post', body: 'data', status: 202 },
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
  /** Every `{param}` of the path, in order; each is a use-case argument of the same name. */
  params: string[];
  /** The parameter naming the entity (entity kinds only). */
  idParam?: string;
  /** The other path parameters: they scope the entity (`/shops/{shop_id}/orders`). */
  scopeParams: string[];
  /** Status of a successful answer. */
  status: number;
  /** For creates: where the new record is read, `{id}` standing for its id. */
  location?: string;
}

export interface ConsumerTrigger {
  keyname: string;
  queue: string;
  /** bisslog mapper: message (`event`) → use-case keyword argument. */
  mapper: Record<string, string>;
  /** bisslog-schema consumer options; template.yaml deploys what they say. */
  batchSize: number;
  /** Deliveries after the first before a message goes to the dead-letter queue (SQS maxReceiveCount). */
  maxRetries: number;
  deadLetterQueue: string;
}

export interface ScheduleTrigger {
  keyname: string;
  /** EventBridge Scheduler expression: `rate(1 day)`, `cron(0 3 * * ? *)`, `at(...)`. */
  cronjob: string;
}

/** A domain event the use case publishes on bisslog_pubsub when an events adapter is chosen. */
export interface PublishedEvent {
  /** `order_created` */
  name: string;
  /** `order-events`: one queue per port. */
  queue: string;
}

export interface UseCaseModel {
  key: string;
  className: string;
  /** Words for humans: `create order`. */
  title: string;
  kind: Kind;
  /** Why this kind, for previews: `"approve" is an action verb`. */
  reason: string;
  /** The verb word (`approve`) and, for actions, the status it sets (`approved`). */
  verb: string;
  actionStatus?: string;
  port: PortModel;
  http: HttpRoute;
  /** The use-case argument the body maps to, if any. */
  bodyArg?: string;
  /** The function's parameters, in order: path parameters, then the body or the query. */
  arguments: Array<{ name: string; annotation: string }>;
  metadataType: string;
  criticality: string;
  operations: string[];
  description: string;
  /** Domain error keynames: `invalid-order`, `order-not-found`. */
  errorSlug: string;
  notFoundSlug: string;
  /** Queue triggers: asked for with `--trigger consumer`, or added when an entry point consumes queues. */
  consumers: ConsumerTrigger[];
  schedules: ScheduleTrigger[];
  /** Filled in when an events adapter is chosen. */
  publishes?: PublishedEvent;
}

export const TRIGGERS = ['http', 'consumer', 'schedule'] as const;
export type TriggerType = (typeof TRIGGERS)[number];

export interface UseCaseOverrides {
  kind?: Kind;
  port?: string;
  method?: HttpMethod;
  path?: string;
  /** A trigger beside the HTTP route: a schedule names no entity, a consumer's answer goes nowhere. */
  trigger?: TriggerType;
}

/** Kinds each extra trigger can drive; a guess outside them falls back to the first. */
const TRIGGER_KINDS: Record<Exclude<TriggerType, 'http'>, Kind[]> = {
  schedule: ['command', 'create'],
  consumer: ['command', 'create', 'action', 'update', 'delete'],
};

function fitTrigger(choice: KindChoice, trigger: TriggerType | undefined, forced: boolean): KindChoice {
  if (trigger === undefined || trigger === 'http') return choice;
  const allowed = TRIGGER_KINDS[trigger];
  if (allowed.includes(choice.kind)) return choice;
  if (forced) throw usageError(`a ${trigger} trigger cannot drive a ${choice.kind} use case; kinds: ${allowed.join(', ')}`);
  const why = trigger === 'schedule' ? 'a schedule names no entity' : `a consumer has no one to answer a ${choice.kind} to`;
  return { kind: allowed[0]!, reason: `${why}, so a ${allowed[0]}`, fromContext: false };
}

/** Modules of src/infra that are not ports: a port by one of these names would collide. */
const INFRA_MODULES = new Set(['entry_points', 'settings', 'setup', 'impls', 'ids', 'observability']);

/** Ports by key: a big service has ten use cases to a port, and each asks for its port. */
const ports = new Map<string, PortModel>();

export function portModel(key: string): PortModel {
  const known = ports.get(key);
  if (known) return known;
  // A derived port (`send_order_2fa` → `2fas`) must be as valid as a given one.
  const problem = identifierProblem('port name', key);
  if (problem) throw usageError(problem);
  if (INFRA_MODULES.has(key)) throw usageError(`port name "${key}" is taken by src/infra/${key}; choose another port`);
  const entity = singularize(key);
  const port = { key, className: `${toPascalCase(key)}Division`, entity, idParam: `${entity}_id` };
  ports.set(key, port);
  return port;
}

const VERB_OF = new Map(Object.entries(VERBS).flatMap(([kind, verbs]) => verbs.map((v) => [v, kind as Kind] as const)));

/** `approve_order` → verb `approve`, subject `order`; a name that is only a verb has no subject. */
function splitName(key: string): { verb: string; subject: string } {
  const at = key.indexOf('_');
  return at === -1 ? { verb: key, subject: '' } : { verb: key.slice(0, at), subject: key.slice(at + 1) };
}

/** Names already found valid, by what was given: a grow command reads every name twice. */
const normalizedNames = new Map<string, string>();

/** Normalises and validates a use-case name; throws a usage error naming the problem. */
export function normalizeUseCaseName(raw: string): string {
  const known = normalizedNames.get(raw);
  if (known !== undefined) return known;
  const problem = identifierProblem('use case name', raw);
  if (problem) throw usageError(problem);
  const key = toSnakeCase(raw);
  const { verb, subject } = splitName(key);
  if (subject === '' && VERB_OF.has(verb)) throw usageError(`use case name "${key}" needs a subject, e.g. ${key}_order`);
  normalizedNames.set(raw, key);
  return key;
}

export function normalizePortName(raw: string): string {
  const problem = identifierProblem('port name', raw);
  if (problem) throw usageError(problem);
  return toSnakeCase(raw);
}

export function parseKind(raw: string): Kind {
  const kind = raw.toLowerCase();
  if (!(KINDS as readonly string[]).includes(kind)) throw usageError(`kind "${raw}" is not one of ${KINDS.join(', ')}`);
  return kind as Kind;
}

// Arguments, locals and imports of the generated use-case modules: a path parameter may not reuse one.
const GENERATED_NAMES = new Set([
  'data', 'changes', 'limit', 'after', 'kwargs', 'transaction_id', 'scope', 'found', 'updated', 'size',
  'record', 'note', 'db', 'use_case', 'check_fields', 'in_scope', 'page', 'parse_limit', 'changes_for',
]);

const PATH_PATTERN = /^(\/[a-z0-9][a-z0-9._~-]*|\/\{[a-z][a-z0-9_]*\})+$/;

function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([a-z0-9_]+)\}/g)].map((m) => m[1]!);
}

function checkPath(path: string): string[] {
  if (!PATH_PATTERN.test(path)) throw usageError(`path "${path}" must look like /orders or /orders/{order_id} (lower-case)`);
  const params = pathParams(path);
  for (const param of params) {
    const problem = identifierProblem('path parameter', param);
    if (problem) throw usageError(problem);
  }
  const twice = params.find((p, i) => params.indexOf(p) !== i);
  if (twice) throw usageError(`path "${path}" names {${twice}} twice`);
  const taken = params.find((p) => GENERATED_NAMES.has(p));
  if (taken) throw usageError(`path parameter {${taken}} would shadow a name the generated use case uses; rename it`);
  return params;
}

function defaultPath(kind: Kind, key: string, verb: string, port: PortModel): string {
  const collection = `/${toKebabCase(port.key)}`;
  if (kind === 'command') return `/${toKebabCase(key)}`;
  if (kind === 'action') return `${collection}/{${port.idParam}}/${toKebabCase(verb)}`;
  return KIND_RULES[kind].onEntity ? `${collection}/{${port.idParam}}` : collection;
}

interface KindChoice {
  kind: Kind;
  reason: string;
  /** True when the choice depends on which ports exist: the spec records it. */
  fromContext: boolean;
}

function guessKind(verb: string, portKey: string, knownPorts: ReadonlySet<string>): KindChoice {
  const byVerb = VERB_OF.get(verb);
  if (byVerb) return { kind: byVerb, reason: `"${verb}" is a${byVerb === 'action' ? 'n' : ''} ${byVerb} verb`, fromContext: false };
  if (knownPorts.has(portKey)) return { kind: 'action', reason: `"${verb}" acts on the existing port ${portKey}`, fromContext: true };
  return { kind: 'command', reason: `"${verb}" is not a known verb and there is no port ${portKey}`, fromContext: true };
}

/**
 * An explicit path wins over the guess: an entity kind whose path names no entity becomes a
 * list (GET) or a command; the entity parameter is the port's id, else the last parameter.
 */
function fitPath(choice: KindChoice, params: string[], port: PortModel, method: HttpMethod, forced: boolean): { choice: KindChoice; idParam?: string } {
  if (!KIND_RULES[choice.kind].onEntity) return { choice };
  const idParam = params.includes(port.idParam) ? port.idParam : params[params.length - 1];
  if (idParam) return { choice, idParam };
  if (forced) throw usageError(`a ${choice.kind} use case acts on one entity: its path needs {${port.idParam}}`);
  const kind: Kind = method === 'get' ? 'list' : 'command';
  return { choice: { kind, reason: `its path names no entity, so a ${kind}`, fromContext: false } };
}

function describe(kind: Kind, key: string, port: PortModel, actionStatus: string | undefined): string {
  const entityWords = port.entity.replace(/_/g, ' ');
  const article = /^[aeiou]/.test(entityWords) ? 'an' : 'a';
  switch (kind) {
    case 'create':
      return `Creates ${article} ${entityWords} and returns it with its id`;
    case 'get':
      return `Returns one ${entityWords} by id`;
    case 'list':
      return `Returns the stored ${port.key.replace(/_/g, ' ')}, a page at a time`;
    case 'update':
      return `Applies changes to an existing ${entityWords}`;
    case 'delete':
      return `Deletes ${article} ${entityWords} by id`;
    case 'action':
      return `Marks an existing ${entityWords} as ${actionStatus}`;
    case 'command':
      return `Handles a ${key.replace(/_/g, ' ')} request and records it in ${port.key.replace(/_/g, ' ')}`;
  }
}

export interface UseCaseContext {
  /** Ports other use cases already own: an unknown verb on one of them is an action. */
  knownPorts?: ReadonlySet<string>;
}

/** Derives everything a use case needs from its (already normalised) name and the overrides. */
export function useCaseModel(key: string, overrides: UseCaseOverrides = {}, context: UseCaseContext = {}): UseCaseModel & { fromContext: boolean } {
  const { verb, subject } = splitName(key);
  const entity = singularize(subject || verb);
  const subjectPort = overrides.port ?? pluralize(entity);
  const knownPorts = context.knownPorts ?? new Set<string>();
  let choice: KindChoice = overrides.kind
    ? { kind: overrides.kind, reason: 'chosen with --kind', fromContext: false }
    : guessKind(verb, subjectPort, knownPorts);
  const params = overrides.path === undefined ? undefined : checkPath(overrides.path);
  const method = overrides.method ?? KIND_RULES[choice.kind].method;
  let idParam: string | undefined;
  if (params) ({ choice, idParam } = fitPath(choice, params, portModel(subjectPort), method, overrides.kind !== undefined));
  choice = fitTrigger(choice, overrides.trigger, overrides.kind !== undefined);
  // A command records requests: beside an entity port they go to a port of their own, so they
  // never show up as entities. Which one depends on the other use cases, so the spec pins it.
  const derivedCommandPort = choice.kind === 'command' && !overrides.port;
  const port = portModel(derivedCommandPort && knownPorts.has(subjectPort) ? `${entity}_requests` : subjectPort);
  const rule = KIND_RULES[choice.kind];
  const actionStatus = choice.kind === 'action' ? pastParticiple(verb) : undefined;
  const path = overrides.path ?? defaultPath(choice.kind, key, verb, port);
  const allParams = params ?? pathParams(path);
  if (!params && rule.onEntity) idParam = port.idParam;
  // Loops, not spreads and fromEntries: a big service builds hundreds of these in a cold run.
  const mapper: Record<string, string> = {};
  for (const p of allParams) mapper[`path_query.${p}`] = p;
  if (rule.body) mapper.body = rule.body;
  for (const name of rule.query ?? []) mapper[`params.${name}`] = name;
  const args = allParams.map((name) => ({ name, annotation: 'str' }));
  if (rule.body) args.push({ name: rule.body, annotation: rule.bodyAnnotation ?? 'dict' });
  for (const name of rule.query ?? []) args.push({ name, annotation: 'str | None = None' });
  return {
    key,
    className: toPascalCase(key),
    title: key.replace(/_/g, ' '),
    kind: choice.kind,
    reason: choice.reason,
    fromContext: choice.fromContext || derivedCommandPort,
    verb,
    actionStatus,
    port,
    http: {
      method: overrides.method ?? rule.method,
      path,
      mapper,
      params: allParams,
      idParam,
      scopeParams: allParams.filter((p) => p !== idParam),
      status: rule.status,
    },
    bodyArg: rule.body,
    arguments: args,
    metadataType: rule.metadataType,
    criticality: rule.criticality,
    operations: rule.operations,
    description: describe(choice.kind, key, port, actionStatus),
    errorSlug: `invalid-${toKebabCase(port.entity)}`,
    notFoundSlug: `${toKebabCase(port.entity)}-not-found`,
    consumers: [],
    schedules: [],
  };
}

/**
 * Whether useCaseModel looked at the other use cases' ports for this model: to guess the kind
 * of an unknown verb, or to give a command a port of its own. When not, the model is the same
 * whatever they are.
 */
export function readsContext(model: UseCaseModel, overrides: UseCaseOverrides = {}): boolean {
  const guessedFromPorts = overrides.kind === undefined && !VERB_OF.has(splitName(model.key).verb);
  return guessedFromPorts || (model.kind === 'command' && !overrides.port);
}

/**
 * A create's Location: its port's get route. Without one the 201 has no Location, rather than
 * a URL the service answers with 404 (a get use case added later brings it).
 */
export function withLocations(useCases: UseCaseModel[]): UseCaseModel[] {
  return useCases.map((uc) => {
    if (uc.kind !== 'create') return uc;
    const reader = useCases.find((other) => other.kind === 'get' && other.port.key === uc.port.key);
    if (!reader) return uc;
    return { ...uc, http: { ...uc.http, location: reader.http.path.replace(`{${reader.http.idParam}}`, '{id}') } };
  });
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
