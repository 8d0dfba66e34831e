import type { Catalog } from '../core/catalog.js';
import { byCodePoint, byKey } from '../core/compare.js';
import { BASES_PACK, LEGACY_BASES_DIR, type PackedBase, type StoredBases, baseWrites, storedBase, storedEntry } from '../core/bases.js';
import { MANIFEST_PATH, type Manifest, hashContent, manifestText, mayHoldConflicts } from '../core/manifest.js';
import { type ServiceModel, type ServiceSpec, buildModel } from '../core/spec.js';
import { usageError } from '../core/errors.js';
import { type RenderScope, render, renderScoped } from '../render/render.js';
import type { FileMap, FileWrites, TemplateSet } from '../core/files.js';
import { holdsConflictMarkers, merge2, merge3 } from './merge3.js';
import { METADATA, changeAmongComments } from './metadata-comments.js';

/**
 * Pure: how the project's files move from the spec its manifest records to another spec (or to
 * the same spec under this release's templates). For every file either rendering holds:
 * a new file is created; a file exactly as generated is replaced or deleted; a file the user
 * changed is kept and listed, or merged three ways (base = what was generated, ours = the file,
 * theirs = the new rendering) where the caller asks for it. Nothing here reads or writes disk.
 */

/** What the planner sees of a project; `read` takes paths from the project root. */
export interface ProjectFiles {
  manifest: Manifest;
  read(path: string): string | undefined;
  /** The bases as stored: the pack, or a 0.2.0 project's files. */
  bases: StoredBases;
  /** Bases found elsewhere (a 0.1.0 project's git history), by hash. */
  recovered?: ReadonlyMap<string, string>;
}

export type ChangeAction =
  | 'create' // new file
  | 'update' // exactly as generated: replaced
  | 'merge' // changed by the user: merged with the new version
  | 'conflict' // merged, with conflict markers to settle
  | 'delete' // exactly as generated and no longer generated
  | 'backup' // changed, no longer generated, --force: moved to <path>.orig
  | 'keep' // changed by the user: left alone
  | 'gone'; // deleted by the user: not recreated

export interface FileChange {
  path: string;
  action: ChangeAction;
  before?: string;
  after?: string;
  /** Why a file was kept, for the listing. */
  note?: string;
}

export interface ChangePlan {
  model: ServiceModel;
  /** Every file that changes or is left alone for a reason, in path order. */
  changes: FileChange[];
  create: FileWrites;
  update: FileWrites;
  remove: string[];
  backup: string[];
  /** Files holding conflict markers after the change, as the manifest records them (sorted). */
  conflicts: string[];
}

export interface ChangeOptions {
  spec: ServiceSpec;
  catalog: Catalog;
  templates: TemplateSet;
  version: string;
  /** Changed files that are merged rather than kept (upgrade: all of them). */
  merges(path: string): boolean;
  /** Paths the change must never touch (src/domain when an entry point or adapter changes). */
  protects?(path: string): boolean;
  /** A changed file that is no longer generated goes to `<path>.orig` instead of staying. */
  force: boolean;
  /**
   * Applied to the base and to the user's file before they are merged: an edit the user asked
   * for, made on their text (metadata.yml without the use case being removed).
   */
  prepare?(path: string, text: string): string;
  /** Growing refuses a file in the way of a new one; upgrading merges it as a conflict. */
  strangerInTheWay: 'refuse' | 'merge';
  /** The spec's model, when the caller has built it. */
  model?: ServiceModel;
  /** That model's files, when the caller has rendered them all (with no scope). */
  rendered?: FileMap;
  /**
   * The only files the change can alter (see changeScope), rendered from the recorded spec's
   * model (`before`) and from the new one; the others stay as they are, unread. Undefined:
   * every file (upgrade).
   */
  scope?: { files: RenderScope; before: ServiceModel };
}

const isBookkeeping = (path: string) => path === MANIFEST_PATH || path === BASES_PACK || path.startsWith(`${LEGACY_BASES_DIR}/`);

/** The text a hash names: the stored base, one recovered from git, or this release's rendering of the recorded spec. */
function baseFinder(project: ProjectFiles, options: ChangeOptions): (hash: string | undefined, path: string) => string | undefined {
  let oldFiles: FileMap | null | undefined;
  const oldRendering = () => {
    if (oldFiles === undefined) {
      try {
        oldFiles = render(buildModel(project.manifest.spec, options.catalog), options.templates, options.version);
      } catch {
        oldFiles = null;
      }
    }
    return oldFiles;
  };
  return (hash, path) => {
    if (hash === undefined) return undefined;
    const candidates = [() => storedBase(project.bases, hash), () => project.recovered?.get(hash), () => oldRendering()?.get(path)];
    for (const candidate of candidates) {
      const text = candidate();
      if (text !== undefined && hashContent(text) === hash) return text;
    }
    return undefined;
  };
}

/**
 * The conflicts the manifest records after a change: the files it writes with markers, and those
 * that may have held some before (mayHoldConflicts) and still do. A later upgrade then reads
 * only these files for markers, not every file.
 */
function conflictsAfter(project: ProjectFiles, changes: FileChange[], version: string): string[] {
  const after = new Map(changes.map((change) => [change.path, change]));
  const candidates = new Set([...mayHoldConflicts(project.manifest, version), ...changes.filter((c) => c.action === 'conflict').map((c) => c.path)]);
  return [...candidates]
    .filter((path) => {
      const change = after.get(path);
      const text = change && change.action !== 'keep' && change.action !== 'gone' ? change.after : project.read(path);
      return text !== undefined && holdsConflictMarkers(text);
    })
    .sort(byCodePoint);
}

/**
 * Growing over the markers of an earlier change's conflicts would merge them again, one
 * conflict inside another: refused until they are settled. Only the files the manifest records
 * are read (a release before 0.2.1 recorded none; upgrading finds those).
 */
export function refuseUnsettledConflicts(project: Pick<ProjectFiles, 'manifest' | 'read'>): void {
  const marked = (project.manifest.conflicts ?? []).filter((path) => {
    const text = project.read(path);
    return text !== undefined && holdsConflictMarkers(text);
  });
  if (marked.length === 0) return;
  throw usageError(`${marked.join(', ')} still ${marked.length === 1 ? 'holds' : 'hold'} the conflict markers of an earlier change; settle the parts between <<<<<<< and >>>>>>> first; nothing was changed`);
}

export function planChange(project: ProjectFiles, options: ChangeOptions): ChangePlan {
  const { manifest } = project;
  const model = options.model ?? buildModel(options.spec, options.catalog);
  const { scope } = options;
  const rendered = scope ? renderScoped(model, options.templates, options.version, scope.files) : (options.rendered ?? render(model, options.templates, options.version));
  const baseOf = baseFinder(project, options);
  const labels = { ours: 'yours', base: `generated by ${manifest.version}`, theirs: `generated by ${options.version}` };
  const changes: FileChange[] = [];
  // A Map, not an object: one of a thousand keys costs milliseconds to build.
  const files = new Map<string, string>();
  const bases = new Map<string, PackedBase>();
  const record = (path: string, text: string, hash = hashContent(text)) => {
    files.set(path, hash);
    bases.set(hash, text);
  };
  /** A file left as it is keeps the base it descends from. */
  const keepRecord = (path: string, hash: string) => {
    files.set(path, hash);
    const base = baseOf(hash, path);
    if (base !== undefined) bases.set(hash, base);
  };

  let recordedPaths = Object.keys(manifest.files);
  if (scope) {
    // Only the paths of the old rendering matter here: the files rendered anew are not rendered again.
    const gone = renderScoped(scope.before, options.templates, manifest.version, { ...scope.files, file: (path) => scope.files.file(path) && !rendered.has(path) });
    const inScope = new Set([...rendered.keys(), ...gone.keys()]);
    // Out of scope: the record and its stored base stay as they are (checked when a merge uses it).
    for (const path of recordedPaths.filter((p) => !inScope.has(p))) {
      const hash = manifest.files[path]!;
      files.set(path, hash);
      const base = storedEntry(project.bases, hash);
      if (base !== undefined) bases.set(hash, base);
    }
    recordedPaths = recordedPaths.filter((p) => inScope.has(p));
  }
  const paths = [...new Set([...rendered.keys(), ...recordedPaths])].filter((p) => !isBookkeeping(p)).sort(byCodePoint);
  for (const path of paths) {
    const theirs = rendered.get(path);
    const recorded = manifest.files[path];
    if (options.protects?.(path)) {
      if (recorded !== undefined) keepRecord(path, recorded);
      continue;
    }
    // Generated as before: whatever became of the file, there is nothing to change or merge
    // (a merge onto its own base gives the file back), so it is not even read.
    const theirsHash = theirs === undefined ? undefined : hashContent(theirs);
    if (theirs !== undefined && theirsHash === recorded) {
      record(path, theirs, recorded);
      continue;
    }
    const ours = project.read(path);
    if (theirs === undefined) {
      // No longer generated: deleted while exactly as generated; otherwise it is the user's now.
      if (ours === undefined) continue;
      if (hashContent(ours) === recorded) changes.push({ path, action: 'delete', before: ours });
      else if (options.force) changes.push({ path, action: 'backup', before: ours, note: 'changed by you and no longer generated; moved to .orig' });
      else changes.push({ path, action: 'keep', before: ours, note: 'changed by you and no longer generated; kept (--force moves it to .orig)' });
      continue;
    }
    record(path, theirs, theirsHash);
    if (ours === undefined) {
      if (recorded === undefined) changes.push({ path, action: 'create', after: theirs });
      else changes.push({ path, action: 'gone', note: 'deleted by you; not recreated' });
      continue;
    }
    if (ours === theirs) continue;
    if (recorded === undefined) {
      if (options.strangerInTheWay === 'refuse') throw usageError(`${path} already exists; nothing was changed`);
      const merged = merge2(ours, theirs, labels);
      changes.push({ path, action: 'conflict', before: ours, after: merged.text, note: 'yours was not generated by this tool' });
      continue;
    }
    if (hashContent(ours) === recorded) {
      changes.push({ path, action: 'update', before: ours, after: theirs });
      continue;
    }
    if (!options.merges(path)) {
      changes.push({ path, action: 'keep', before: ours, note: 'changed by you; not updated, check it still fits' });
      keepRecord(path, recorded);
      continue;
    }
    const prepare = (text: string) => options.prepare?.(path, text) ?? text;
    const base = baseOf(recorded, path);
    // metadata.yml edited only in comment and blank lines takes the change among them, unparsed.
    const amongComments = path === METADATA && base !== undefined ? changeAmongComments(ours, base, theirs) : undefined;
    const merged =
      amongComments !== undefined ? { text: amongComments, conflicts: 0 } : base === undefined ? merge2(prepare(ours), theirs, labels) : merge3(prepare(base), prepare(ours), theirs, labels);
    if (merged.text === ours) continue;
    const note = base === undefined ? 'changed by you, and what was generated is unknown' : undefined;
    changes.push({ path, action: merged.conflicts > 0 ? 'conflict' : 'merge', before: ours, after: merged.text, note });
  }

  const create: FileWrites = new Map();
  const update: FileWrites = new Map();
  for (const change of changes) {
    if (change.action === 'create') create.set(change.path, change.after!);
    else if (change.after !== undefined) update.set(change.path, change.after);
  }
  const { pack, migrated } = baseWrites(project.bases, bases);
  if (pack !== undefined) (project.bases.pack === undefined ? create : update).set(BASES_PACK, pack);
  const remove = [...changes.filter((c) => c.action === 'delete').map((c) => c.path), ...migrated];
  const sorted = [...files].sort(byKey);
  const conflicts = conflictsAfter(project, changes, options.version);
  const manifestAfter = manifestText({ ...manifest, version: options.version, spec: model.spec, files: sorted, conflicts });
  if (project.read(MANIFEST_PATH) !== manifestAfter) update.set(MANIFEST_PATH, manifestAfter);
  return { model, changes, create, update, remove, backup: changes.filter((c) => c.action === 'backup').map((c) => c.path), conflicts };
}
