import { MANIFEST_PATH } from '../core/manifest.js';
import type { UseCaseEntry } from '../core/spec.js';
import { HTTP_METHODS, type HttpMethod, type UseCaseModel, normalizePortName, normalizeUseCaseName, parseKind, routeKey, useCaseModel } from '../core/use-cases.js';
import { usageError } from '../core/errors.js';
import type { FileMap, TemplateSet } from '../core/files.js';
import { type AdoptedManifest, adoptedManifestText, recordAdded } from './adopted-manifest.js';
import { type Conventions, type ProjectFiles, type UseCaseModule, useCaseModulesIn } from './conventions.js';
import { unifiedDiff } from './diff.js';
import { insertUseCase, parseMetadata } from './metadata-edit.js';
import { metadataEntry } from './metadata-style.js';
import { httpRoutes } from './plan-add.js';
import { type MethodChoice, choosePortMethod } from './port-method.js';
import { divisionsRead } from './python-source.js';
import { TEAM_TEMPLATES, renderTeam } from './team-render.js';
import { type TeamPort, moduleOf, teamPorts } from './team-ports.js';
import { newTeamPort } from './team-new-port.js';
import { teamUseCaseView } from './team-use-case.js';

/**
 * `add use-case` in a project the team made: a module and its test written in the project's
 * conventions, calling a method of the team's port; the metadata entry inserted as a pure
 * addition. Nothing the team wrote is rewritten. Pure: the caller reads and writes.
 */
export interface TeamAddRequest {
  entry: UseCaseEntry;
  portMethod?: string;
  conventions: Conventions;
  /** Present when the project was adopted: it records what this tool writes. */
  manifest?: AdoptedManifest;
  version: string;
}

export interface TeamPlan {
  create: FileMap;
  update: FileMap;
  /** The metadata.yml diff, computed only when it is shown (--dry-run). */
  metadataDiff(): string;
  added: UseCaseModel;
  port: TeamPort;
  method: MethodChoice;
  /** The folder under use_cases it went to, and why. */
  folder: { name: string; reason: string };
  /** For a new port: the registration to add by hand. */
  wiring: string[];
}

function overridesOf(entry: UseCaseEntry) {
  const method = entry.method?.toLowerCase();
  if (method !== undefined && !(HTTP_METHODS as readonly string[]).includes(method)) throw usageError(`method "${entry.method}" is not one of ${HTTP_METHODS.join(', ')}`);
  return {
    ...(entry.kind ? { kind: parseKind(entry.kind) } : {}),
    ...(entry.port ? { port: normalizePortName(entry.port) } : {}),
    ...(method ? { method: method as HttpMethod } : {}),
    ...(entry.path ? { path: entry.path } : {}),
  };
}

/** The folder of use_cases a new use case joins: the one named for its subject, else where its port is used. */
function chooseFolder(key: string, port: string, modules: UseCaseModule[], files: ProjectFiles, conventions: Conventions): { name: string; reason: string } {
  if (!conventions.nested) return { name: '', reason: 'use cases are not nested in this project' };
  const subject = key.split('_').slice(1).join('_') || key;
  const folders = [...new Set(modules.filter((m) => m.style && m.folder !== '').map((m) => m.folder))].sort();
  const named = folders.filter((f) => subject === f || subject.startsWith(`${f}_`) || subject.endsWith(`_${f}`) || subject.includes(`_${f}_`));
  if (named.length > 0) {
    const best = named.reduce((a, b) => (b.length > a.length ? b : a));
    return { name: best, reason: `its subject is ${best.split('/').pop()}` };
  }
  const users = folders
    .map((folder) => ({ folder, count: modules.filter((m) => m.folder === folder && divisionsRead(files.read(m.path) ?? '', [conventions.dbName]).includes(port)).length }))
    .filter((f) => f.count > 0)
    .sort((a, b) => b.count - a.count);
  if (users[0]) return { name: users[0].folder, reason: `its use cases use the ${port} port` };
  return { name: subject, reason: 'a new folder for its subject' };
}

function mostCommonActor(metadata: Record<string, unknown>): string {
  const counts = new Map<string, number>();
  for (const uc of Object.values((metadata.use_cases ?? {}) as Record<string, { actor?: unknown }>)) {
    if (typeof uc?.actor === 'string') counts.set(uc.actor, (counts.get(uc.actor) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'client';
}

export function planTeamAddUseCase(files: ProjectFiles, request: TeamAddRequest, templates: TemplateSet): TeamPlan {
  const { conventions } = request;
  const key = normalizeUseCaseName(request.entry.name);
  const modules = useCaseModulesIn(files, conventions.useCasesDir);
  const clash = modules.find((m) => m.key === key);
  if (clash) throw usageError(`${clash.path} already exists: bisslog binds a use case to the one module of its name`);

  const ports = teamPorts(files);
  const uc = useCaseModel(key, overridesOf(request.entry), { knownPorts: new Set(ports.map((p) => p.key)) });
  const existing = ports.find((p) => p.key === uc.port.key);
  const fresh = existing ? undefined : newTeamPort(uc, conventions, templates);
  const port = existing ?? fresh!.port;
  if (fresh && request.portMethod) throw usageError(`--port-method names a method of an existing port; ${uc.port.key} is new`);
  const method = fresh ? { method: fresh.port.methods[0]!, reason: 'the method the new port is written with' } : choosePortMethod(port, uc.kind, uc.key, request.portMethod);

  const metadataText = files.read(conventions.metadata);
  if (metadataText === undefined) throw usageError(`${conventions.metadata} is missing`);
  const doc = parseMetadata(metadataText, conventions.metadata);
  const metadata = doc.toJS() as Record<string, unknown>;
  if (httpRoutes(metadata).has(routeKey(uc.http.method, uc.http.path))) {
    throw usageError(`${conventions.metadata} already has a use case answering ${uc.http.method.toUpperCase()} ${uc.http.path}`);
  }

  const folder = chooseFolder(key, port.key, modules, files, conventions);
  const dir = folder.name ? `${conventions.useCasesDir}/${folder.name}` : conventions.useCasesDir;
  const modulePath = `${dir}/${key}.py`;
  const testPath = `${conventions.tests}/test_${key}.py`;
  const view = teamUseCaseView(uc, port, method.method, conventions, moduleOf(modulePath));

  const create: FileMap = new Map();
  const present = new Set(files.paths);
  // New folders become packages: bisslog and pytest import through them.
  for (const path of [modulePath, testPath]) {
    const parts = path.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      const folderPath = parts.slice(0, depth).join('/');
      if (!files.paths.some((p) => p.startsWith(`${folderPath}/`))) create.set(`${folderPath}/__init__.py`, '');
    }
  }
  for (const [path, content] of fresh?.files ?? []) create.set(path, content);
  create.set(modulePath, renderTeam(templates, TEAM_TEMPLATES.useCase, { uc: view }));
  create.set(testPath, renderTeam(templates, TEAM_TEMPLATES.test, { uc: view }));
  for (const path of create.keys()) {
    if (present.has(path)) throw usageError(`${path} already exists; nothing was changed`);
  }

  const trigger = { type: 'http', options: { method: uc.http.method, path: uc.http.path, ...(Object.keys(view.mapper).length > 0 ? { mapper: view.mapper } : {}) } };
  const block = metadataEntry(
    key,
    {
      name: uc.title,
      description: view.summary.replace(/\.$/, ''),
      actor: mostCommonActor(metadata),
      type: uc.metadataType,
      criticality: uc.criticality,
      triggers: [trigger],
      external_interactions: [{ keyname: port.key, type_interaction: 'database', operation: method.method.name }],
    },
    conventions.metadataStyle,
  );
  const newMetadata = insertUseCase(metadataText, key, block, doc);
  const update: FileMap = new Map([[conventions.metadata, newMetadata]]);
  if (request.manifest) {
    const asked = { ...request.entry, name: key, port: port.key, portMethod: method.method.name };
    update.set(MANIFEST_PATH, adoptedManifestText(recordAdded(request.manifest, request.version, asked, create)));
  }
  return {
    create,
    update,
    metadataDiff: () => unifiedDiff(metadataText, newMetadata, conventions.metadata),
    added: uc,
    port,
    method,
    folder,
    wiring: fresh?.wiring ?? [],
  };
}
