import type { Catalog } from '../core/catalog.js';
import { BASES_PACK, type PackedBase, type StoredBases, baseWrites, storedBase, storedEntry } from '../core/bases.js';
import { MANIFEST_PATH, type Manifest, hashContent, manifestText } from '../core/manifest.js';
import { type ServiceSpec, type UseCaseEntry, type UseCaseSpec, buildModel } from '../core/spec.js';
import { type UseCaseModel, normalizeUseCaseName, routeKey } from '../core/use-cases.js';
import { usageError } from '../core/errors.js';
import { byKey } from '../core/compare.js';
import { renderScoped } from '../render/render.js';
import { changeScope } from './change-scope.js';
import type { FileMap, FileWrites, TemplateSet } from '../core/files.js';
import { unifiedDiff } from './diff.js';
import { refuseUnsettledConflicts } from './plan-change.js';
import { refuseNewer } from './release.js';
import { METADATA, changeAmongComments } from './metadata-comments.js';
import { extractUseCaseBlock, insertUseCase, metadataValue, parseMetadata } from './metadata-edit.js';

/** What a grow command sees of the project; reading is done by the caller. */
export interface ProjectSnapshot {
  manifest: Manifest;
  metadataText: string;
  /** Module names anywhere under src/domain/use_cases, hand-written ones included. */
  useCaseModules: string[];
  read(path: string): string | undefined;
  bases: StoredBases;
}

export interface GrowPlan {
  spec: ServiceSpec;
  create: FileMap;
  update: FileMap;
  /** Generated files the user changed: never touched, listed so the user knows. */
  kept: string[];
  /**
   * The pack of the generated texts, for later merges (.bisslog/bases.pack), written to
   * `create` or `update`; `remove` the 0.2.0 base files now in it.
   */
  bases: { create: FileWrites; update: FileWrites; remove: string[] };
  /** The metadata.yml diff, computed only when asked for: it is shown by --dry-run and the preview only. */
  metadataDiff(): string;
  /** The use case as the templates see it: kind, the reason for it, route. */
  added: UseCaseModel;
}

export function httpRoutes(metadata: unknown): Set<string> {
  const routes = new Set<string>();
  const useCases = (metadata as { use_cases?: Record<string, { triggers?: unknown[] }> })?.use_cases ?? {};
  for (const uc of Object.values(useCases)) {
    for (const trigger of uc?.triggers ?? []) {
      const { type, options } = (trigger ?? {}) as { type?: string; options?: { method?: string; path?: string } };
      if ((type ?? 'http') === 'http' && options?.path) {
        routes.add(routeKey(options.method ?? 'get', options.path));
      }
    }
  }
  return routes;
}

/**
 * metadata.yml with the new use case. One exactly as generated declares the spec's use cases and
 * nothing else, so it is generated again, unparsed; so is one whose only edits are comment and
 * blank lines, given what was generated (`generatedBefore`): the new lines go in among them.
 * Otherwise the entry is inserted into the user's text, parsed once for the route check and the edit.
 */
function editedMetadata(text: string, asGenerated: boolean, generatedBefore: string | undefined, generatedAfter: string, added: UseCaseModel): string {
  if (asGenerated) return generatedAfter;
  const amongComments = generatedBefore === undefined ? undefined : changeAmongComments(text, generatedBefore, generatedAfter);
  if (amongComments !== undefined) return amongComments;
  const doc = parseMetadata(text);
  if (httpRoutes(metadataValue(doc)).has(routeKey(added.http.method, added.http.path))) {
    throw usageError(`metadata.yml already has a use case answering ${added.http.method.toUpperCase()} ${added.http.path}`);
  }
  return insertUseCase(text, added.key, extractUseCaseBlock(generatedAfter, added.key), doc);
}

/**
 * Pure: the files `add use-case` creates and updates. New files never overwrite anything;
 * generated files are regenerated only while they are exactly as generated; metadata.yml
 * is edited as text so the user's comments survive.
 */
export function planAddUseCase(
  project: ProjectSnapshot,
  entry: UseCaseEntry,
  catalog: Catalog,
  templates: TemplateSet,
  version: string,
): GrowPlan {
  const { manifest } = project;
  refuseNewer(manifest.version, version);
  refuseUnsettledConflicts(project);
  const plain = Object.entries(entry).every(([key, value]) => key === 'name' || value === undefined);
  const useCase: UseCaseSpec = plain ? entry.name : entry;
  const before = buildModel(manifest.spec, catalog);
  const existing = before.useCases.find((uc) => uc.key === normalizeUseCaseName(entry.name));
  if (existing) throw usageError(`the project already has the use case ${existing.key}${entry.name === existing.key ? '' : ` (which ${entry.name} names too)`}; nothing was changed`);
  // The normalised spec pins the kinds that depended on other use cases, so they stay put.
  const after = buildModel({ ...before.spec, useCases: [...before.spec.useCases, useCase] }, catalog);
  const added = after.useCases[after.useCases.length - 1]!;

  if (project.useCaseModules.includes(added.key)) {
    throw usageError(`a module named ${added.key}.py already exists under src/domain/use_cases`);
  }
  // Each as its version rendered it: files that name the version (the CI's pinned check) follow.
  // Only what the new use case can change is rendered: a big project has hundreds of other files.
  const scope = changeScope(before, after);
  const newFiles = renderScoped(after, templates, version, scope);
  // What the project had: a project of this release recorded the hash of what this release
  // renders for its spec, so the manifest stands in for rendering the old spec again.
  const sameRelease = manifest.version === version;
  const oldFiles = sameRelease ? undefined : renderScoped(before, templates, manifest.version, scope);
  const had = (path: string, content: string) => (oldFiles ? oldFiles.get(path) === content : manifest.files[path] === hashContent(content));
  const existed = (path: string) => (oldFiles ? oldFiles.has(path) : path in manifest.files);
  const asGenerated = had(METADATA, project.metadataText);
  // What this release generated for the recorded spec, as its bases pack keeps it.
  const recordedMetadata = manifest.files[METADATA];
  const generatedBefore = asGenerated || !sameRelease || recordedMetadata === undefined ? undefined : storedBase(project.bases, recordedMetadata);
  const metadataText = editedMetadata(project.metadataText, asGenerated, generatedBefore, newFiles.get(METADATA)!, added);
  const create: FileMap = new Map();
  const update: FileMap = new Map();
  const kept: string[] = [];
  for (const [path, content] of newFiles) {
    // Only files the new use case adds or changes are read: a big project has hundreds of others.
    if (path === METADATA || had(path, content)) continue;
    const onDisk = project.read(path);
    if (!existed(path)) {
      if (onDisk !== undefined) throw usageError(`${path} already exists; nothing was changed`);
      create.set(path, content);
    } else if (onDisk !== undefined) {
      if (hashContent(onDisk) === manifest.files[path]) update.set(path, content);
      else kept.push(path);
    }
  }

  update.set(METADATA, metadataText);
  // A Map, not a copy of the record: copying an object of a thousand keys costs milliseconds.
  const files = new Map(Object.entries(manifest.files));
  const texts = new Map<string, PackedBase>();
  // metadata.yml descends from the rendering of the new spec, whatever the user wrote around it.
  const generated = new Map([...create, ...update, [METADATA, newFiles.get(METADATA)!]]);
  for (const [path, content] of generated) {
    const hash = hashContent(content);
    files.set(path, hash);
    texts.set(hash, content);
  }
  // The pack keeps the bases still referenced, and takes the new ones.
  for (const hash of new Set(files.values())) {
    const text = texts.get(hash) ?? storedEntry(project.bases, hash);
    if (text !== undefined) texts.set(hash, text);
  }
  const { pack, migrated } = baseWrites(project.bases, texts);
  const packWrite: FileWrites = pack === undefined ? new Map() : new Map([[BASES_PACK, pack]]);
  const bases = project.bases.pack === undefined ? { create: packWrite, update: new Map(), remove: migrated } : { create: new Map(), update: packWrite, remove: migrated };
  const spec = after.spec;
  // Add writes no markers: the record stays, and stays unknown for a release that kept none.
  const conflicts = manifest.conflicts ?? (sameRelease ? [] : undefined);
  update.set(MANIFEST_PATH, manifestText({ ...manifest, version, spec, files: [...files].sort(byKey), conflicts }));
  return { spec, create, update, bases, kept, metadataDiff: () => unifiedDiff(project.metadataText, metadataText, METADATA), added };
}
