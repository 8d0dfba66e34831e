import { hash } from 'node:crypto';
import { usageError } from './errors.js';
import { byCodePoint } from './compare.js';
import { type Catalog, type CatalogEntry, type EnvVar, DATABASE, EVENTS, includedAdapters } from './catalog.js';
import { derivedProblem } from './derived.js';
import { serviceNameProblem, textProblem, toKebabCase, toSlug, toSnakeCase } from './names.js';
import {
  type ConsumerTrigger,
  HTTP_METHODS,
  type HttpMethod,
  type Kind,
  type PortModel,
  type UseCaseModel,
  normalizePortName,
  normalizeUseCaseName,
  parseKind,
  TRIGGERS,
  type TriggerType,
  readsContext,
  routeClash,
  useCaseModel,
  withLocations,
} from './use-cases.js';

/**
 * What the user asked for: small, serialisable and replayable (`--from`). Everything the
 * templates need is derived from it by `buildModel`.
 */
export interface ServiceSpec {
  name: string;
  description: string;
  team: string;
  entryPoints: string[];
  adapters: string[];
  /** A name, or a name with the kind, port, method or path chosen by `add use-case`. */
  useCases: UseCaseSpec[];
}

export interface UseCaseEntry {
  name: string;
  kind?: string;
  port?: string;
  method?: string;
  path?: string;
  /** `consumer` (with `queue`) or `schedule` (with `cron`): a trigger beside the HTTP route. */
  trigger?: string;
  queue?: string;
  cron?: string;
}

export type UseCaseSpec = string | UseCaseEntry;

/** Normalises names and checks overrides; plain names stay plain so specs stay short. */
function normalizeUseCase(entry: UseCaseSpec): UseCaseSpec {
  if (typeof entry === 'string') return normalizeUseCaseName(entry);
  const normalized: UseCaseEntry = { name: normalizeUseCaseName(entry.name) };
  if (entry.kind !== undefined) normalized.kind = parseKind(entry.kind);
  if (entry.port !== undefined) normalized.port = normalizePortName(entry.port);
  if (entry.method !== undefined) {
    const method = entry.method.toLowerCase();
    if (!(HTTP_METHODS as readonly string[]).includes(method)) {
      throw usageError(`method "${entry.method}" is not one of ${HTTP_METHODS.join(', ')}`);
    }
    normalized.method = method;
  }
  if (entry.path !== undefined) normalized.path = entry.path;
  Object.assign(normalized, normalizeTrigger(entry));
  return normalized;
}

// SQS names: 80 characters at most, and the dead-letter queue appends `-dlq`.
const QUEUE_PATTERN = /^[A-Za-z0-9_-]{1,76}$/;
// EventBridge Scheduler expressions; the fields inside are checked by AWS at deploy time.
const CRON_PATTERN = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\([0-9A-Za-z*?,/#LW -]+\)|at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\))$/;

function normalizeTrigger(entry: UseCaseEntry): Pick<UseCaseEntry, 'trigger' | 'queue' | 'cron'> {
  const { trigger, queue, cron } = entry;
  if (trigger === undefined || trigger === 'http') {
    if (queue !== undefined || cron !== undefined) throw usageError(`${queue !== undefined ? 'a queue' : 'a cron expression'} needs --trigger ${queue !== undefined ? 'consumer' : 'schedule'}`);
    return {};
  }
  if (!(TRIGGERS as readonly string[]).includes(trigger)) throw usageError(`trigger "${trigger}" is not one of ${TRIGGERS.join(', ')}`);
  if (trigger === 'consumer') {
    if (cron !== undefined) throw usageError('a cron expression needs --trigger schedule, not consumer');
    if (queue === undefined) throw usageError('a consumer trigger needs --queue <name>');
    if (!QUEUE_PATTERN.test(queue)) throw usageError(`queue "${queue}" must be 1 to 76 letters, digits, - or _`);
    return { trigger, queue };
  }
  if (queue !== undefined) throw usageError('a queue needs --trigger consumer, not schedule');
  if (cron === undefined) throw usageError("a schedule trigger needs --cron '<expression>', e.g. 'rate(1 day)'");
  if (!CRON_PATTERN.test(cron)) throw usageError(`cron "${cron}" must be rate(N minutes|hours|days), cron(6 fields) or at(yyyy-mm-ddThh:mm:ss)`);
  return { trigger, cron };
}

export const useCaseName = (entry: UseCaseSpec): string => (typeof entry === 'string' ? entry : entry.name);

/**
 * Models that do not depend on the other use cases, by entry: a big service's spec is built more
 * than once by one command (before and after a change), with the same entries but one.
 */
const contextFree = new Map<string, UseCaseModel & { fromContext: boolean }>();

function modelOf(entry: UseCaseSpec, knownPorts: ReadonlySet<string>) {
  // A name as itself: no entry object's JSON (`{…}`) can look like one.
  const id = typeof entry === 'string' ? entry : JSON.stringify(entry);
  const known = contextFree.get(id);
  if (known) return known;
  const { name, ...rest } = typeof entry === 'string' ? { name: entry } : entry;
  const { kind, port, method, path, trigger } = rest as Partial<UseCaseEntry>;
  const overrides = { kind: kind as Kind | undefined, port, method: method as HttpMethod | undefined, path, trigger: trigger as TriggerType | undefined };
  const model = useCaseModel(name, overrides, { knownPorts });
  if (!readsContext(model, overrides)) contextFree.set(id, model);
  return model;
}

/**
 * An unknown verb is an action when another use case owns its subject's port, else a command.
 * Ports come from the use cases whose kind does not depend on that; a kind that did is written
 * into the spec, so adding a use case later never changes what an existing one means.
 */
function resolveUseCases(entries: UseCaseSpec[]): { models: UseCaseModel[]; entries: UseCaseSpec[] } {
  const firstPass = entries.map((entry) => modelOf(entry, new Set()));
  const knownPorts = new Set(firstPass.filter((m) => !m.fromContext).map((m) => m.port.key));
  const models = entries.map((entry) => modelOf(entry, knownPorts));
  const pinned = entries.map((entry, i): UseCaseSpec => {
    const model = models[i]!;
    if (!model.fromContext) return entry;
    const pins = model.kind === 'command' ? { kind: model.kind, port: model.port.key } : { kind: model.kind };
    return typeof entry === 'string' ? { name: entry, ...pins } : { ...entry, ...pins };
  });
  return { models: models.map(({ fromContext: _, ...model }) => model), entries: pinned };
}

/**
 * What a use case added to `spec` would be: kind, port and route as inferred beside the spec's
 * own, before the checks against them (route clashes) that buildModel makes.
 */
export function inferUseCase(spec: ServiceSpec, entry: UseCaseSpec): UseCaseModel {
  const knownPorts = new Set(resolveUseCases(spec.useCases.map(normalizeUseCase)).models.map((m) => m.port.key));
  const { fromContext: _, ...model } = modelOf(normalizeUseCase(entry), knownPorts);
  return model;
}

/** The resolved view of a spec that templates render from. */
export interface ServiceModel {
  spec: ServiceSpec;
  /** Distribution name in pyproject.toml. */
  slug: string;
  entryPoints: CatalogEntry[];
  adapters: CatalogEntry[];
  /** The adapters behind database ports, and those of the events publisher (none without an events adapter). */
  databaseAdapters: CatalogEntry[];
  eventAdapters: CatalogEntry[];
  /** Environment variables of the chosen layers, each once (AWS adapters share theirs), with the first layer's label. */
  env: Array<EnvVar & { layer: string }>;
  useCases: UseCaseModel[];
  ports: PortModel[];
  dependencies: string[];
  devDependencies: string[];
  bannedInDomain: string[];
  /** pytest `filterwarnings` lines the layers ask for, sorted and deduplicated. */
  pytestFilterwarnings: string[];
  /** The adapter a port uses when neither ADAPTER nor <PORT>_ADAPTER is set. */
  runtimeAdapter: string;
  /** Folders the chosen layers write data into at run time, sorted. */
  dataDirs: string[];
}

export const BASE_DEPENDENCIES = ['bisslog>=0.0.9,<0.1', 'bisslog-schema[yaml]>=0.0.10,<0.1', 'jsonschema>=4.18,<5', 'PyYAML>=6.0,<7'];
export const BASE_DEV_DEPENDENCIES = ['pytest>=8,<10', 'ruff>=0.8,<1'];

export const DEFAULT_USE_CASES = ['create_item', 'get_item'];

/**
 * Routes the generated HTTP apps serve themselves, and what serves them: not for use cases.
 * FastAPI's own docs routes are reserved whichever entry points a service has today, so that
 * adding FastAPI later cannot find one of them taken.
 */
const INFRA_PATHS: Record<string, string> = {
  '/health': 'the health check every HTTP entry point serves',
  '/ready': 'the readiness check every HTTP entry point serves',
  '/openapi.json': 'the OpenAPI document every HTTP entry point serves',
  '/docs': 'the docs page every HTTP entry point serves',
  '/docs/oauth2-redirect': "FastAPI's docs",
  '/redoc': "FastAPI's ReDoc page",
};

function pick(kind: string, wanted: string[], available: CatalogEntry[]): CatalogEntry[] {
  const unknown = wanted.filter((id) => !available.some((e) => e.id === id));
  if (unknown.length > 0) {
    throw usageError(
      `unknown ${kind} ${unknown.map((u) => JSON.stringify(u)).join(', ')}; choose from ${available.map((e) => e.id).join(', ')}`,
    );
  }
  return available.filter((e) => wanted.includes(e.id));
}

/** A requirement's project name as PyPI compares them (PEP 503): `Flask>=3` → `flask`. */
const projectName = (requirement: string) =>
  requirement
    .split(/[<>=!~[;\s]/)[0]!
    .toLowerCase()
    .replace(/[-_.]+/g, '-');

/** Sorted by package name, so `bisslog>=…` comes before `bisslog-flask>=…`. */
function uniqueSorted(values: string[]): string[] {
  return [...new Set(values)].sort((a, b) => byCodePoint(projectName(a), projectName(b)) || byCodePoint(a, b));
}

/** pip cannot install a project that requires itself: refused before anything is written. */
function refuseSelfDependency(name: string, slug: string, requirements: string[]): void {
  const itself = requirements.find((requirement) => projectName(requirement) === projectName(slug));
  if (itself) {
    throw usageError(`the service name "${name}" makes the Python project ${slug}, one of its own dependencies (${itself}); pip cannot install a project that requires itself, choose another name`);
  }
}

/**
 * SQS names stop at 80 characters and the dead-letter queue appends `-dlq` (as QUEUE_PATTERN
 * holds given names to); a shortened name keeps a hash of the full one to stay unique.
 */
const MAX_QUEUE_NAME = 80 - '-dlq'.length;
function queueName(full: string): string {
  if (full.length <= MAX_QUEUE_NAME) return full;
  return `${full.slice(0, MAX_QUEUE_NAME - 9)}-${hash('sha256', full).slice(0, 8)}`;
}

/** Consumer options written to metadata.yml; template.yaml deploys what metadata.yml says. */
const CONSUMER_BATCH_SIZE = 10;
const CONSUMER_MAX_RETRIES = 5;

/** The message is the body of a create or command; entity kinds read the ids from its fields. */
function consumerMapper(uc: UseCaseModel): Record<string, string> {
  const mapper: Record<string, string> = Object.fromEntries(uc.http.params.map((p) => [`event.${p}`, p]));
  if (uc.kind === 'create' || uc.kind === 'command') mapper.event = uc.bodyArg!;
  if (uc.kind === 'update') mapper['event.changes'] = uc.bodyArg!;
  return mapper;
}

function consumerOn(uc: UseCaseModel, queue: string): ConsumerTrigger {
  return {
    keyname: `${queue}-queue`,
    queue,
    mapper: consumerMapper(uc),
    batchSize: CONSUMER_BATCH_SIZE,
    maxRetries: CONSUMER_MAX_RETRIES,
    deadLetterQueue: `${queue}-dlq`,
  };
}

/** Use cases that write get a queue too, so queue-driven entry points can feed them. */
function withConsumers(uc: UseCaseModel, consumesQueues: boolean, slug: string): UseCaseModel {
  if (!consumesQueues || (uc.kind !== 'create' && uc.kind !== 'command')) return uc;
  return { ...uc, consumers: [consumerOn(uc, queueName(`${slug}-${toKebabCase(uc.key)}`))] };
}

/** The triggers `add use-case --trigger` asked for, beside the HTTP route. */
function withTrigger(uc: UseCaseModel, entry: UseCaseSpec): UseCaseModel {
  if (typeof entry === 'string') return uc;
  // The queue asked for replaces the one a writing use case gets by default: one consumer each.
  if (entry.trigger === 'consumer') return { ...uc, consumers: [consumerOn(uc, entry.queue!)] };
  if (entry.trigger === 'schedule') return { ...uc, schedules: [{ keyname: `${toKebabCase(uc.key)}-schedule`, cronjob: entry.cron! }] };
  return uc;
}

const PUBLISHING_KINDS: ReadonlySet<Kind> = new Set(['create', 'update', 'delete', 'action']);
const PAST: Partial<Record<Kind, string>> = { create: 'created', update: 'updated', delete: 'deleted' };

/** With an events adapter, writes on an entity publish `<entity>_<past tense>` to `<entity>-events`. */
function withEvents(uc: UseCaseModel): UseCaseModel {
  if (!PUBLISHING_KINDS.has(uc.kind)) return uc;
  const past = PAST[uc.kind] ?? uc.actionStatus!;
  return { ...uc, publishes: { name: `${uc.port.entity}_${toSnakeCase(past)}`, queue: `${toKebabCase(uc.port.entity)}-events` } };
}

/** SQS hands each message to one consumer: two use cases on one queue would each miss messages. */
function queueClash(useCases: UseCaseModel[]): string | undefined {
  const seen = new Map<string, string>();
  for (const uc of useCases) {
    for (const { queue } of uc.consumers) {
      const other = seen.get(queue);
      if (other) return `use cases ${other} and ${uc.key} both consume queue ${queue}; a queue feeds one use case`;
      seen.set(queue, uc.key);
    }
  }
  return undefined;
}

/** Each variable once, described by the first layer that declares it. */
function envOf(layers: CatalogEntry[]): ServiceModel['env'] {
  const env = new Map<string, ServiceModel['env'][number]>();
  for (const layer of layers) {
    for (const v of layer.env) if (!env.has(v.name)) env.set(v.name, { ...v, layer: layer.label });
  }
  return [...env.values()];
}

/** The chosen adapter with the highest runtimeDefault (the always-included one has one). */
function runtimeAdapter(adapters: CatalogEntry[]): string {
  const ranked = adapters.filter((a) => a.runtimeDefault !== undefined);
  return ranked.sort((a, b) => b.runtimeDefault! - a.runtimeDefault! || a.order - b.order)[0]?.id ?? adapters[0]!.id;
}

/** Validates a spec against the catalog and derives the model; throws a usage error on bad input. */
export function buildModel(spec: ServiceSpec, catalog: Catalog): ServiceModel {
  const nameIssue = serviceNameProblem(spec.name);
  if (nameIssue) throw usageError(nameIssue);
  for (const [what, value, required] of [
    // bisslog-schema's analyzer refuses an empty description or team.
    ['description', spec.description, true],
    ['team', spec.team, true],
  ] as const) {
    const problem = textProblem(what, value, { required });
    if (problem) throw usageError(problem);
  }
  const slug = toSlug(spec.name);

  if (spec.entryPoints.length === 0) throw usageError('choose at least one entry point');
  const entryPoints = pick('entry point', spec.entryPoints, catalog.entryPoints);
  const adapters = pick('adapter', [...includedAdapters(catalog), ...spec.adapters], catalog.adapters);

  if (spec.useCases.length === 0) throw usageError('add at least one use case');
  const normalized = spec.useCases.map(normalizeUseCase);
  const keys = normalized.map(useCaseName);
  // Sets, not list scans: a big service checks hundreds of names against hundreds.
  const keySet = new Set(keys);
  const duplicate = keySet.size === keys.length ? undefined : keys.find((k, i) => keys.indexOf(k) !== i);
  if (duplicate) throw usageError(`use case "${duplicate}" is given twice`);
  const consumesQueues = entryPoints.some((e) => e.consumesQueues);
  const resolved = resolveUseCases(normalized);
  const entries = resolved.entries;
  const events = adapters.some((a) => !a.alwaysIncluded && a.provides.includes(EVENTS));
  const useCases = withLocations(resolved.models)
    .map((uc) => withConsumers(uc, consumesQueues, slug))
    .map((uc, i) => withTrigger(uc, entries[i]!))
    .map((uc) => (events ? withEvents(uc) : uc));
  const clash = routeClash(useCases) ?? queueClash(useCases);
  if (clash) throw usageError(clash);
  const infra = useCases.find((uc) => Object.hasOwn(INFRA_PATHS, uc.http.path));
  if (infra) throw usageError(`${infra.http.path} is reserved for ${INFRA_PATHS[infra.http.path]}; give use case "${infra.key}" another path`);
  // Any layer's module, chosen or not, so adding an adapter later cannot collide with a port.
  for (const layer of [...catalog.entryPoints, ...catalog.adapters]) {
    const taken = useCases.find((uc) => layer.infraModules.includes(uc.port.key));
    if (taken) throw usageError(`port name "${taken.port.key}" is taken by src/infra/${taken.port.key}.py of ${layer.id}; choose another port`);
  }
  const portClash = useCases.find((uc) => keySet.has(uc.port.key));
  if (portClash) {
    const name = portClash.port.key;
    const whose = portClash.key === name ? `its own port (a use case is named by a verb, e.g. list_${name})` : `the port of use case "${portClash.key}"`;
    throw usageError(`use case "${name}" has the same name as ${whose}; rename it`);
  }

  const ports = [...new Map(useCases.map((uc) => [uc.port.key, uc.port])).values()].sort((a, b) =>
    byCodePoint(a.key, b.key),
  );
  const derived = derivedProblem(useCases, ports, catalog);
  if (derived) throw usageError(derived);
  const layers = [...entryPoints, ...adapters];
  const dependencies = uniqueSorted([...BASE_DEPENDENCIES, ...layers.flatMap((l) => l.dependencies)]);
  const devDependencies = uniqueSorted([...BASE_DEV_DEPENDENCIES, ...layers.flatMap((l) => l.devDependencies)]);
  refuseSelfDependency(spec.name, slug, [...dependencies, ...devDependencies]);
  return {
    spec: { ...spec, entryPoints: entryPoints.map((e) => e.id), adapters: adapters.map((a) => a.id), useCases: entries },
    slug,
    entryPoints,
    adapters,
    databaseAdapters: adapters.filter((a) => a.provides.includes(DATABASE)),
    eventAdapters: events ? adapters.filter((a) => a.provides.includes(EVENTS)) : [],
    env: envOf(layers),
    useCases,
    ports,
    dependencies,
    devDependencies,
    bannedInDomain: uniqueSorted(layers.flatMap((l) => l.domainBans)),
    pytestFilterwarnings: [...new Set(layers.flatMap((l) => l.pytestFilterwarnings))].sort(),
    runtimeAdapter: runtimeAdapter(adapters),
    dataDirs: [...new Set(layers.flatMap((l) => l.dataDirs))].sort(byCodePoint),
  };
}
