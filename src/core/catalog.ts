import type { TemplateSet } from './files.js';
import { byCodePoint } from './compare.js';

/**
 * Entry points and adapters are folders under templates/: a descriptor JSON plus the
 * templates they contribute. Adding one is adding a folder.
 */
export interface EnvVar {
  name: string;
  example: string;
  description: string;
  /** Its value can hold credentials: never echoed (SAM `NoEcho`). Declared, not guessed from the name. */
  secret: boolean;
  /**
   * How template.yaml sets it: a stack parameter (default), `omit` (Lambda sets it, or it is
   * for local emulators only), or `{ "sub": "..." }`, an `Fn::Sub` of the stack (names per stack).
   */
  sam: 'parameter' | 'omit' | { sub: string };
}

export interface HttpServing {
  /** Importable module exposing `app`. */
  module: string;
  /** Command for local development, run from the project root inside .venv/bin. */
  dev: string;
  /** Production server command. */
  serve: string;
  /** How the app is called in process (schemathesis fuzzes it that way in the generated tests). */
  interface: 'wsgi' | 'asgi';
}

/** A server an adapter needs: compose.yaml runs it locally, the generated CI as a service container. */
export interface BackingService {
  /** Compose service and CI service id, e.g. `mongo`. */
  name: string;
  image: string;
  port: number;
  /** Run inside the container; exits 0 once the server answers. */
  healthcheck: string[];
  /** Where the server keeps its data (a named volume in compose.yaml). */
  data: string;
  /** Variables that point the service at it; `{host}` is the service's host name. */
  env: Record<string, string>;
  /** The server container's own variables (e.g. its password). */
  environment?: Record<string, string>;
}

export interface CatalogEntry {
  id: string;
  label: string;
  hint: string;
  /** Sort key: keeps generated dependency lists and wiring in a stable order. */
  order: number;
  dependencies: string[];
  devDependencies: string[];
  env: EnvVar[];
  /** Top-level packages the domain must not import (a ruff rule in the generated project). */
  domainBans: string[];
  /** Entry points serving HTTP say how; their tests call every route through `httpClients`. */
  http?: HttpServing;
  httpClients: string[];
  /** Entry points that consume queues get a consumer trigger on create/command use cases. */
  consumesQueues: boolean;
  /** Such an entry point's function for SQS events, `module:function` (tests feed it real messages). */
  sqsHandler?: string;
  /** Modules of src/infra the layer writes (`mongo` → src/infra/mongo.py): no port may take the name. */
  infraModules: string[];
  /**
   * Adapters fit to run with no configuration rank for being the one a service uses when ADAPTER
   * is unset: the highest among those chosen wins. Absent for adapters that need a server.
   */
  runtimeDefault?: number;
  /** Logged once by the generated setup when a port serves with this adapter (why it is unfit). */
  runtimeWarning?: string;
  /** Project folders the layer writes data into at run time: git-ignored, writable in the image. */
  dataDirs: string[];
  /** Extra `filterwarnings` lines for the generated project's pytest configuration. */
  pytestFilterwarnings: string[];
  /** Adapters with a backend: `module:function` that raises unless it answers (GET /ready). */
  readiness?: string;
  service?: BackingService;
  /** Loggers the layer's servers configure before importing the app; routed through ours. */
  serverLoggers: string[];
  /** Set by the platform the layer runs on, whose runtime installs a root log handler of its own. */
  platformEnv?: string;
  /** A Markdown paragraph the generated README prints for this layer. */
  readme?: string;
  /** Generated into every project whatever was chosen (the in-memory adapter); shown as included. */
  alwaysIncluded: boolean;
  /** Ticked for a new project (`--yes`, the interactive default): a real database with no server. */
  chosenByDefault: boolean;
  /** How to run an entry point that serves no HTTP of its own, from the project root. */
  run?: string;
  /** Files under templates/shared/ the layer needs; rendered once however many chosen layers share them. */
  shared: string[];
  /** What an adapter implements: `database` ports (bisslog_db) and/or the `events` publisher (bisslog_pubsub). */
  provides: string[];
  /** Where the layer's templates live, relative to the templates root. */
  folder: string;
}

export interface Catalog {
  entryPoints: CatalogEntry[];
  adapters: CatalogEntry[];
}

export const ENTRY_POINTS_DIR = 'entry-points';
export const ADAPTERS_DIR = 'adapters';
export const DESCRIPTOR = 'catalog.json';

function entriesOf(templates: TemplateSet, kind: string): CatalogEntry[] {
  const pattern = new RegExp(`^${kind}/([^/]+)/${DESCRIPTOR}$`);
  return [...templates.entries()]
    .map(([path, text]) => [path.match(pattern)?.[1], text] as const)
    .filter((pair): pair is readonly [string, string] => pair[0] !== undefined && typeof pair[1] === 'string')
    .map(([id, text]) => {
      const raw = JSON.parse(text) as Partial<CatalogEntry>;
      return {
        id,
        label: raw.label ?? id,
        hint: raw.hint ?? '',
        order: raw.order ?? 100,
        dependencies: raw.dependencies ?? [],
        devDependencies: raw.devDependencies ?? [],
        env: (raw.env ?? []).map((v) => ({ ...v, secret: v.secret === true, sam: v.sam ?? 'parameter' })),
        domainBans: raw.domainBans ?? [],
        http: raw.http,
        httpClients: raw.httpClients ?? [],
        consumesQueues: raw.consumesQueues ?? false,
        sqsHandler: raw.sqsHandler,
        infraModules: raw.infraModules ?? [],
        runtimeDefault: raw.runtimeDefault,
        runtimeWarning: raw.runtimeWarning,
        dataDirs: raw.dataDirs ?? [],
        pytestFilterwarnings: raw.pytestFilterwarnings ?? [],
        readiness: raw.readiness,
        service: raw.service,
        serverLoggers: raw.serverLoggers ?? [],
        platformEnv: raw.platformEnv,
        readme: raw.readme,
        alwaysIncluded: raw.alwaysIncluded === true,
        chosenByDefault: raw.chosenByDefault === true,
        run: raw.run,
        shared: raw.shared ?? [],
        provides: raw.provides ?? (kind === ADAPTERS_DIR ? [DATABASE] : []),
        folder: `${kind}/${id}`,
      };
    })
    .sort((a, b) => a.order - b.order || byCodePoint(a.id, b.id));
}

/** Pure: the catalog is the descriptors found among the templates. */
export function catalogFrom(templates: TemplateSet): Catalog {
  return { entryPoints: entriesOf(templates, ENTRY_POINTS_DIR), adapters: entriesOf(templates, ADAPTERS_DIR) };
}

/** The adapters every service gets (catalog data), so it runs and tests with no server. */
export function includedAdapters(catalog: Catalog): string[] {
  return catalog.adapters.filter((a) => a.alwaysIncluded).map((a) => a.id);
}
/** What a new project gets unless told otherwise: those plus the ones the catalog offers first. */
export function newProjectAdapters(catalog: Catalog): string[] {
  return catalog.adapters.filter((a) => a.alwaysIncluded || a.chosenByDefault).map((a) => a.id);
}
/** What adapters provide: ports on bisslog_db, and the publisher on bisslog_pubsub. */
export const DATABASE = 'database';
export const EVENTS = 'events';
export const DEFAULT_ENTRY_POINT = 'flask';
