import { createHash } from 'node:crypto';
import { usageError } from '../errors.js';
import { byCodePoint } from './compare.js';
import { type Catalog, type CatalogEntry, DEFAULT_ADAPTER } from './catalog.js';
import { derivedProblem } from './derived.js';
import { slugProblem, textProblem, toKebabCase, toSlug } from './names.js';
import {
  HTTP_METHODS,
  type HttpMethod,
  type Kind,
  type PortModel,
  type UseCaseModel,
  normalizePortName,
  normalizeUseCaseName,
  parseKind,
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
  return normalized;
}

export const useCaseName = (entry: UseCaseSpec): string => (typeof entry === 'string' ? entry : entry.name);

function modelOf(entry: UseCaseSpec, knownPorts: ReadonlySet<string>) {
  if (typeof entry === 'string') return useCaseModel(entry, {}, { knownPorts });
  const { name, kind, port, method, path } = entry;
  return useCaseModel(name, { kind: kind as Kind | undefined, port, method: method as HttpMethod | undefined, path }, { knownPorts });
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

/** The resolved view of a spec that templates render from. */
export interface ServiceModel {
  spec: ServiceSpec;
  /** Distribution name in pyproject.toml. */
  slug: string;
  entryPoints: CatalogEntry[];
  adapters: CatalogEntry[];
  useCases: UseCaseModel[];
  ports: PortModel[];
  dependencies: string[];
  devDependencies: string[];
  bannedInDomain: string[];
  /** pytest `filterwarnings` lines the layers ask for, sorted and deduplicated. */
  pytestFilterwarnings: string[];
}

export const BASE_DEPENDENCIES = ['bisslog>=0.0.9,<0.1', 'bisslog-schema[yaml]>=0.0.10,<0.1', 'PyYAML>=6.0,<7'];
export const BASE_DEV_DEPENDENCIES = ['pytest>=8,<10', 'ruff>=0.8,<1'];

export const DEFAULT_USE_CASES = ['create_item', 'get_item'];

function pick(kind: string, wanted: string[], available: CatalogEntry[]): CatalogEntry[] {
  const unknown = wanted.filter((id) => !available.some((e) => e.id === id));
  if (unknown.length > 0) {
    throw usageError(
      `unknown ${kind} ${unknown.map((u) => JSON.stringify(u)).join(', ')}; choose from ${available.map((e) => e.id).join(', ')}`,
    );
  }
  return available.filter((e) => wanted.includes(e.id));
}

/** Sorted by package name, so `bisslog>=…` comes before `bisslog-flask>=…`. */
function uniqueSorted(values: string[]): string[] {
  const name = (requirement: string) => requirement.split(/[<>=![;\s]/)[0]!.toLowerCase();
  return [...new Set(values)].sort((a, b) => byCodePoint(name(a), name(b)) || byCodePoint(a, b));
}

/** SQS names stop at 80 characters; a shortened name keeps a hash of the full one to stay unique. */
const MAX_QUEUE_NAME = 80;
function queueName(full: string): string {
  if (full.length <= MAX_QUEUE_NAME) return full;
  return `${full.slice(0, MAX_QUEUE_NAME - 9)}-${createHash('sha256').update(full).digest('hex').slice(0, 8)}`;
}

/** Use cases that write get a queue too, so queue-driven entry points can feed them. */
function withConsumers(uc: UseCaseModel, consumesQueues: boolean, slug: string): UseCaseModel {
  if (!consumesQueues || (uc.kind !== 'create' && uc.kind !== 'command')) return uc;
  const name = queueName(`${slug}-${toKebabCase(uc.key)}`);
  return { ...uc, consumers: [{ keyname: `${name}-queue`, queue: name, argument: 'data' }] };
}

/** Validates a spec against the catalog and derives the model; throws a usage error on bad input. */
export function buildModel(spec: ServiceSpec, catalog: Catalog): ServiceModel {
  for (const [what, value, required] of [
    ['service name', spec.name, true],
    ['description', spec.description, false],
    ['team', spec.team, false],
  ] as const) {
    const problem = textProblem(what, value, { required });
    if (problem) throw usageError(problem);
  }
  const slug = toSlug(spec.name);
  const slugIssue = slugProblem(spec.name, slug);
  if (slugIssue) throw usageError(slugIssue);

  if (spec.entryPoints.length === 0) throw usageError('choose at least one entry point');
  const entryPoints = pick('entry point', spec.entryPoints, catalog.entryPoints);
  const adapters = pick('adapter', [DEFAULT_ADAPTER, ...spec.adapters], catalog.adapters);

  if (spec.useCases.length === 0) throw usageError('add at least one use case');
  const normalized = spec.useCases.map(normalizeUseCase);
  const keys = normalized.map(useCaseName);
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
  if (duplicate) throw usageError(`use case "${duplicate}" is given twice`);
  const consumesQueues = entryPoints.some((e) => e.consumesQueues);
  const resolved = resolveUseCases(normalized);
  const entries = resolved.entries;
  const useCases = withLocations(resolved.models).map((uc) => withConsumers(uc, consumesQueues, slug));
  const clash = routeClash(useCases);
  if (clash) throw usageError(clash);
  // Any layer's module, chosen or not, so adding an adapter later cannot collide with a port.
  for (const layer of [...catalog.entryPoints, ...catalog.adapters]) {
    const taken = useCases.find((uc) => layer.infraModules.includes(uc.port.key));
    if (taken) throw usageError(`port name "${taken.port.key}" is taken by src/infra/${taken.port.key}.py of ${layer.id}; choose another port`);
  }
  const portClash = useCases.find((uc) => keys.includes(uc.port.key));
  if (portClash) throw usageError(`use case "${portClash.port.key}" has the same name as a port; rename it`);

  const ports = [...new Map(useCases.map((uc) => [uc.port.key, uc.port])).values()].sort((a, b) =>
    byCodePoint(a.key, b.key),
  );
  const derived = derivedProblem(useCases, ports, catalog);
  if (derived) throw usageError(derived);
  const layers = [...entryPoints, ...adapters];
  return {
    spec: { ...spec, entryPoints: entryPoints.map((e) => e.id), adapters: adapters.map((a) => a.id), useCases: entries },
    slug,
    entryPoints,
    adapters,
    useCases,
    ports,
    dependencies: uniqueSorted([...BASE_DEPENDENCIES, ...layers.flatMap((l) => l.dependencies)]),
    devDependencies: uniqueSorted([...BASE_DEV_DEPENDENCIES, ...layers.flatMap((l) => l.devDependencies)]),
    bannedInDomain: uniqueSorted(layers.flatMap((l) => l.domainBans)),
    pytestFilterwarnings: [...new Set(layers.flatMap((l) => l.pytestFilterwarnings))].sort(),
  };
}
