import { createHash } from 'node:crypto';
import { usageError } from '../errors.js';
import { byCodePoint } from './compare.js';
import type { FileMap } from '../render/render.js';
import type { ServiceSpec } from './spec.js';

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
}

export function hashContent(content: string): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

export function manifestText(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The files plus the manifest describing them; pure. */
export function withManifest(files: FileMap, spec: ServiceSpec, version: string): FileMap {
  const hashes = Object.fromEntries([...files].map(([path, content]) => [path, hashContent(content)]));
  const manifest: Manifest = { tool: TOOL_NAME, version, spec, files: hashes };
  const all = new Map(files);
  all.set(MANIFEST_PATH, manifestText(manifest));
  return new Map([...all].sort(([a], [b]) => byCodePoint(a, b)));
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Accepts a manifest or a bare spec; checks its shape, not its values (buildModel does). */
export function specFromJson(value: unknown, source: string): ServiceSpec {
  const candidate = (value as { tool?: unknown; spec?: unknown })?.tool === TOOL_NAME ? (value as Manifest).spec : value;
  const spec = candidate as Partial<ServiceSpec> | null;
  const bad = (field: string) => usageError(`${source}: "${field}" is missing or has the wrong type`);
  if (typeof spec !== 'object' || spec === null) throw usageError(`${source} does not hold a service spec`);
  for (const field of ['name', 'description', 'team'] as const) {
    if (typeof spec[field] !== 'string') throw bad(field);
  }
  if (!isStringList(spec.entryPoints)) throw bad('entryPoints');
  if (!isStringList(spec.adapters)) throw bad('adapters');
  const useCasesOk =
    Array.isArray(spec.useCases) &&
    spec.useCases.every((u) => typeof u === 'string' || (typeof u === 'object' && u !== null && typeof u.name === 'string'));
  if (!useCasesOk) throw bad('useCases');
  return spec as ServiceSpec;
}

export function parseManifest(text: string, source: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw usageError(`${source} is not valid JSON`);
  }
  const manifest = value as Partial<Manifest>;
  if (manifest?.tool !== TOOL_NAME || typeof manifest.files !== 'object' || manifest.files === null) {
    throw usageError(`${source} is not a ${TOOL_NAME} manifest`);
  }
  return { ...(manifest as Manifest), spec: specFromJson(manifest.spec, source) };
}
