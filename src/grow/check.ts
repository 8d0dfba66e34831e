import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../core/catalog.js';
import type { TemplateSet } from '../core/files.js';
import { MANIFEST_PATH } from '../core/manifest.js';
import { type ServiceModel, buildModel } from '../core/spec.js';
import { onlyFile, renderScoped } from '../render/render.js';
import { type UseCaseDeclaration, declarationsOf } from './declarations.js';
import { oneLine } from '../core/errors.js';
import { readText } from '../fs/read.js';
import { METADATA, meansAsGenerated } from './metadata-comments.js';
import { readManifest, useCaseModules, venvExecutables } from './project.js';

const USE_CASES_DIR = 'src/domain/use_cases';


/** A `{param}` the mapper never reads reaches no use case; a mapped one not in the path is always None. */
function pathMapperProblems(where: string, path: string, mapper: unknown): string[] {
  if (typeof mapper !== 'object' || mapper === null) return [];
  const inPath = new Set([...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!));
  const mapped = new Set(
    Object.keys(mapper)
      .filter((source) => source.startsWith('path_query.'))
      .map((source) => source.slice('path_query.'.length)),
  );
  return [
    ...[...inPath].filter((p) => !mapped.has(p)).map((p) => `${where}: {${p}} in ${path} is not mapped (add path_query.${p} to the mapper)`),
    ...[...mapped].filter((p) => !inPath.has(p)).map((p) => `${where}: the mapper reads path_query.${p}, but ${path} has no {${p}}`),
  ];
}

/** Python source without comments, docstrings and function signatures (`def use(...)` in class style). */
function bodyOf(source: string): string {
  return source
    .replace(/("""|''')[\s\S]*?\1/g, '')
    .replace(/#.*$/gm, '')
    .replace(/def\s+\w+\s*\([\s\S]*?\)\s*(->[^:]*)?:/g, '');
}

/** A path parameter the use case never reads answers the same whatever the client sends. */
function unreadParamProblems(where: string, path: string, mapper: unknown, key: string, source: string): string[] {
  if (typeof mapper !== 'object' || mapper === null) return [];
  const code = bodyOf(source);
  return Object.entries(mapper as Record<string, unknown>)
    .filter(([from, to]) => from.startsWith('path_query.') && typeof to === 'string' && /^\w+$/.test(to))
    .filter(([, to]) => !new RegExp(`\\b${String(to)}\\b`).test(code))
    .map(([from, to]) => `${where}: {${from.slice('path_query.'.length)}} of ${path} reaches ${key} as ${String(to)}, which its code never reads`);
}

/** Where check finds things: a generated project's layout, or what a team's project uses. */
export interface CheckLayout {
  metadata: string;
  /** Use-case modules: key → path from the root. */
  modules: Map<string, string>;
  /** Problems of the ports the metadata's external interactions name. */
  portProblems(ports: string[]): string[];
  /** The declarations, known without parsing when metadata.yml is exactly as generated. */
  asGenerated?(metadataText: string): Record<string, UseCaseDeclaration> | undefined;
}

/** The use cases a metadata.yml declares, parsed; the YAML library loads only for this. */
async function parsedDeclarations(text: string): Promise<Record<string, UseCaseDeclaration>> {
  const { metadataValue, parseMetadata } = await import('./metadata-edit.js');
  return ((metadataValue(parseMetadata(text)) as { use_cases?: unknown }).use_cases ?? {}) as Record<string, UseCaseDeclaration>;
}

/** Static cross-checks of metadata.yml against the code; one line per problem. */
export async function staticProblems(root: string, isDatabaseAdapter: (id: string) => boolean = () => true, layout: CheckLayout = generatedLayout(root, isDatabaseAdapter)): Promise<string[]> {
  const metadataPath = join(root, layout.metadata);
  if (!existsSync(metadataPath)) return [`${layout.metadata} is missing`];
  let declared: Record<string, UseCaseDeclaration>;
  try {
    const text = readText(metadataPath, layout.metadata);
    declared = layout.asGenerated?.(text) ?? (await parsedDeclarations(text));
  } catch (error) {
    return [oneLine(error)];
  }
  const modules = layout.modules;
  const problems: string[] = [];
  const ports = new Set<string>();

  for (const [key, useCase] of Object.entries(declared)) {
    if (!/^[a-z][a-z0-9_]*$/.test(key)) problems.push(`use case "${key}" is not a snake_case module name; bisslog binds keys to module names`);
    else if (!modules.has(key)) problems.push(`use case ${key} has no module ${key}.py under ${USE_CASES_DIR}`);
    const modulePath = modules.get(key);
    const source = modulePath === undefined ? undefined : readFileSync(join(root, modulePath), 'utf8');
    (useCase?.triggers ?? []).forEach((trigger, index) => {
      if ((trigger?.type ?? 'http') !== 'http') return;
      const options = trigger?.options ?? {};
      const where = `use case ${key}, trigger ${index + 1}`;
      if ('route' in options) problems.push(`${where}: "route" is ignored by bisslog; use "path"`);
      else if (typeof options.path !== 'string') problems.push(`${where}: http trigger has no path`);
      else {
        problems.push(...pathMapperProblems(where, options.path, options.mapper));
        if (source !== undefined) problems.push(...unreadParamProblems(where, options.path, options.mapper, key, source));
      }
    });
    // Ports are database interactions; a publisher is bisslog_pubsub's, not a port of ours.
    for (const interaction of useCase?.external_interactions ?? []) {
      const database = (interaction?.type_interaction ?? 'database') === 'database';
      if (database && typeof interaction?.keyname === 'string') ports.add(interaction.keyname);
    }
  }
  for (const [name, path] of modules) {
    if (!(name in declared)) problems.push(`module ${path} is not declared under use_cases in ${layout.metadata}`);
  }
  problems.push(...layout.portProblems([...ports].sort()));
  return problems;
}

/** What rendering the manifest's spec takes: given, metadata.yml exactly as rendered is not parsed. */
export interface Renderer {
  templates: TemplateSet;
  catalog: Catalog;
  version: string;
}

/** A project this tool generated: src/infra/<port>/<port>.py with its adapters in impls/. */
export function generatedLayout(root: string, isDatabaseAdapter: (id: string) => boolean, renderer?: Renderer): CheckLayout {
  const spec = existsSync(join(root, MANIFEST_PATH)) ? readManifest(root).spec : undefined;
  const databaseAdapters = (spec?.adapters ?? []).filter(isDatabaseAdapter);
  const asGenerated = (text: string) => {
    if (!renderer || !spec) return undefined;
    let model: ServiceModel;
    try {
      model = buildModel(spec, renderer.catalog);
    } catch {
      return undefined;
    }
    const generated = renderScoped(model, renderer.templates, renderer.version, onlyFile(METADATA)).get(METADATA)!;
    // Comment and blank lines aside, it declares what the model does.
    return generated === text || meansAsGenerated(text, generated) ? declarationsOf(model) : undefined;
  };
  return { metadata: 'metadata.yml', modules: useCaseModules(root), portProblems: (ports) => generatedPortProblems(root, ports, databaseAdapters), asGenerated };
}

function generatedPortProblems(root: string, ports: string[], databaseAdapters: string[]): string[] {
  const problems: string[] = [];
  for (const port of ports) {
    const portFile = join('src', 'infra', port, `${port}.py`);
    if (!existsSync(join(root, portFile))) {
      problems.push(`external interaction ${port} has no port ${portFile}`);
      continue;
    }
    const implsDir = join(root, 'src', 'infra', port, 'impls');
    const impls = existsSync(implsDir) ? readdirSync(implsDir).filter((f) => f.startsWith(`${port}_`) && f.endsWith('.py')) : [];
    if (impls.length === 0) problems.push(`port ${port} has no adapter in src/infra/${port}/impls`);
    for (const adapter of databaseAdapters) {
      if (!impls.includes(`${port}_${adapter}.py`)) problems.push(`port ${port} has no ${adapter} adapter src/infra/${port}/impls/${port}_${adapter}.py`);
    }
  }
  return problems;
}

/** bisslog-schema's own analyzer, from the project's .venv or PATH; undefined when not installed. */
export async function analyzerProblems(root: string, metadata = 'metadata.yml'): Promise<string[] | undefined> {
  const candidates = [...venvExecutables(root, 'bisslog_schema'), 'bisslog_schema'];
  // The process runner loads only when the analyzer runs (not with --no-analyzer).
  const { execa } = await import('execa');
  for (const command of candidates) {
    if (command !== 'bisslog_schema' && !existsSync(command)) continue;
    const result = await execa(command, ['analyze_metadata', metadata], { cwd: root, reject: false, all: true });
    if (result.code === 'ENOENT' || (result.failed && result.exitCode === undefined)) continue;
    if (result.exitCode === 0) return [];
    const summary = String(result.all ?? '').split('\n').map((l) => l.trim()).filter((l) => /error/i.test(l)).slice(0, 10);
    return [`bisslog-schema's analyzer failed (exit ${result.exitCode}): ${summary.join(' | ') || `see bisslog_schema analyze_metadata ${metadata}`}`];
  }
  return undefined;
}

