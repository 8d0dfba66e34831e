import { hash } from 'node:crypto';
import { BASES_PACK, packBases } from './bases.js';
import { usageError } from './errors.js';
import { byKey } from './compare.js';
import type { FileMap, FileWrites } from './files.js';
import { either, listOf, literal, object, optional, read, recordOf, type Shape, string } from './shape.js';
import type { ServiceSpec, UseCaseEntry } from './spec.js';

/**
 * Written into every generated project: the tool version, the replayable spec and a hash of
 * each generated file, so later commands can tell untouched files from the user's edits.
 */
export const MANIFEST_PATH = '.bisslog/manifest.json';
export const TOOL_NAME = 'create-bisslog-service';

export interface Manifest {
  tool: typeof TOOL_NAME;
  version: string;
  spec: ServiceSpec;
  files: Record<string, string>;
  /**
   * Files this tool wrote with conflict markers, until it finds them settled (sorted). Written
   * always, so that a later release knows which files to read for markers; absent only from the
   * manifests of 0.2.0 and older, which did not record them.
   */
  conflicts?: string[];
}

/** One-shot `hash` (Node 20.12, which this package requires): no Hash stream object per file. */
export function hashContent(content: string): string {
  return `sha256:${hash('sha256', content)}`;
}

/** A use-case entry's fields in one order, the order the manifest is read in: a rewrite changes no byte. */
function canonicalEntry(entry: UseCaseEntry | string): UseCaseEntry | string {
  if (typeof entry === 'string') return entry;
  const fields = Object.keys(USE_CASE_ENTRY_FIELDS) as Array<keyof UseCaseEntry>;
  return Object.fromEntries(fields.filter((field) => entry[field] !== undefined).map((field) => [field, entry[field]])) as unknown as UseCaseEntry;
}

/** A manifest to write: its files as a record or as entries, either in the order to write them. */
export type ManifestToWrite = Omit<Manifest, 'files'> & { files: Record<string, string> | Iterable<readonly [string, string]> };

/** A JSON value indented as JSON.stringify(…, null, 2) indents it one level down. */
const nested = (value: unknown) => JSON.stringify(value, null, 2).replaceAll('\n', '\n  ');

/**
 * JSON.stringify's text of the manifest, fields in the order it is read in. The files are
 * written entry by entry: a manifest lists every file of the project, and building an object
 * of a thousand keys only to stringify it costs milliseconds.
 */
export function manifestText(manifest: ManifestToWrite): string {
  const spec = { ...manifest.spec, useCases: manifest.spec.useCases.map(canonicalEntry) };
  const entries = Symbol.iterator in manifest.files ? [...(manifest.files as Iterable<readonly [string, string]>)] : Object.entries(manifest.files);
  const files = entries.length === 0 ? '{}' : `{\n${entries.map(([path, hash]) => `    ${JSON.stringify(path)}: ${JSON.stringify(hash)}`).join(',\n')}\n  }`;
  const fields = [`"tool": ${nested(manifest.tool)}`, `"version": ${nested(manifest.version)}`, `"spec": ${nested(spec)}`, `"files": ${files}`];
  if (manifest.conflicts !== undefined) fields.push(`"conflicts": ${nested(manifest.conflicts)}`);
  return `{\n${fields.map((field) => `  ${field}`).join(',\n')}\n}\n`;
}

/** The files plus the manifest describing them and the pack of their bases; pure. */
export function withManifest(files: FileMap, spec: ServiceSpec, version: string): FileWrites {
  const hashes = Object.fromEntries([...files].map(([path, content]) => [path, hashContent(content)]));
  const manifest: Manifest = { tool: TOOL_NAME, version, spec, files: hashes, conflicts: [] };
  const all: FileWrites = new Map(files);
  all.set(BASES_PACK, packBases(new Map([...files].map(([path, content]) => [hashes[path]!, content]))));
  all.set(MANIFEST_PATH, manifestText(manifest));
  return new Map([...all].sort(byKey));
}

/**
 * The files that may still hold the markers of an earlier upgrade's conflicts: those the manifest
 * records, or every file when it records none because its release did not (0.2.0 and older;
 * a manifest of this release that lacks the list was written by its development builds).
 */
export function mayHoldConflicts(manifest: Manifest, version: string): string[] {
  return manifest.conflicts ?? (manifest.version === version ? [] : Object.keys(manifest.files));
}

/** The fields of a use-case entry in a spec; an adopted project's manifest records the same. */
export const USE_CASE_ENTRY_FIELDS = {
  name: string,
  kind: optional(string),
  port: optional(string),
  method: optional(string),
  path: optional(string),
  trigger: optional(string),
  queue: optional(string),
  cron: optional(string),
};

const useCaseEntry: Shape<UseCaseEntry> = object<UseCaseEntry>(USE_CASE_ENTRY_FIELDS);

const serviceSpec: Shape<ServiceSpec> = object<ServiceSpec>({
  name: string,
  description: string,
  team: string,
  entryPoints: listOf(string),
  adapters: listOf(string),
  useCases: listOf(either((value) => typeof value === 'string', string, useCaseEntry, 'a use-case name or an object with a name')),
});

const manifestShape: Shape<Manifest> = object<Manifest>({
  tool: literal(TOOL_NAME),
  version: string,
  spec: serviceSpec,
  files: recordOf(string),
  conflicts: optional(listOf(string)),
});

const isManifest = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && 'tool' in value && value.tool === TOOL_NAME;

/** Accepts a manifest or a bare spec; checks its shape, not its values (buildModel does). */
export function specFromJson(value: unknown, source: string): ServiceSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw usageError(`${source} does not hold a service spec`);
  return isManifest(value) ? read(manifestShape, value, source).spec : read(serviceSpec, value, source);
}

export function parseManifest(text: string, source: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw usageError(`${source} is not valid JSON`, { cause: error });
  }
  if (!isManifest(value)) throw usageError(`${source} is not a ${TOOL_NAME} manifest`);
  return read(manifestShape, value, source);
}
