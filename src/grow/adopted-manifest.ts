import { byKey } from '../core/compare.js';
import { TOOL_NAME, USE_CASE_ENTRY_FIELDS, hashContent } from '../core/manifest.js';
import { listOf, literal, object, optional, read, recordOf, type Shape, string } from '../core/shape.js';
import type { UseCaseEntry } from '../core/spec.js';
import { usageError } from '../core/errors.js';
import type { Conventions } from './conventions.js';
import type { MetadataStyle } from './metadata-style.js';

/**
 * The manifest of a project the team made and `adopt` took in: the conventions new code follows,
 * and who owns each file: `team` for every file that was there, a hash for each file this tool
 * wrote since (so it can tell later whether the team changed it).
 */
export interface AdoptedManifest {
  tool: typeof TOOL_NAME;
  version: string;
  adopted: 'team';
  conventions: Conventions;
  /** The use cases this tool added, as asked (with the port method it called). */
  useCases: Array<UseCaseEntry & { portMethod?: string }>;
  files: Record<string, string>;
}

export const TEAM_OWNED = 'team';

const oneOf =
  <T extends string>(...values: T[]): Shape<T> =>
  (value, path) => {
    if (!values.includes(value as T)) throw usageError(`${path} must be one of ${values.join(', ')}`);
    return value as T;
  };
const boolean: Shape<boolean> = (value, path) => {
  if (typeof value !== 'boolean') throw usageError(`${path} must be true or false`);
  return value;
};
const count: Shape<number> = (value, path) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw usageError(`${path} must be a whole number`);
  return value;
};

const conventions: Shape<Conventions> = object<Conventions>({
  metadata: string,
  useCasesDir: string,
  style: oneOf('function', 'class'),
  nested: boolean,
  instance: boolean,
  dbName: string,
  portFile: string,
  adapterFile: string,
  portClass: string,
  adapterClass: string,
  memoryTech: string,
  registration: optional(string),
  dependencies: oneOf('requirements.txt', 'pyproject.toml', 'none'),
  tests: string,
  lineLength: count,
  metadataStyle: object<MetadataStyle>({ indent: count, sequenceIndent: count, dashGap: count, quoted: boolean }),
});

const entry: Shape<UseCaseEntry & { portMethod?: string }> = object<UseCaseEntry & { portMethod?: string }>({
  ...USE_CASE_ENTRY_FIELDS,
  portMethod: optional(string),
});

const adoptedShape: Shape<AdoptedManifest> = object<AdoptedManifest>({
  tool: literal(TOOL_NAME),
  version: string,
  adopted: literal('team'),
  conventions,
  useCases: listOf(entry),
  files: recordOf(string),
});

export function isAdoptedManifest(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && 'adopted' in value;
  } catch {
    return false;
  }
}

export function parseAdoptedManifest(text: string, source: string): AdoptedManifest {
  return read(adoptedShape, JSON.parse(text), source);
}

export function adoptedManifestText(manifest: AdoptedManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The manifest after the tool wrote `written`: their hashes recorded, the entry appended. */
export function recordAdded(manifest: AdoptedManifest, version: string, added: AdoptedManifest['useCases'][number], written: Map<string, string>): AdoptedManifest {
  const files = { ...manifest.files };
  for (const [path, content] of written) files[path] = hashContent(content);
  const sorted = Object.fromEntries(Object.entries(files).sort(byKey));
  return { ...manifest, version, useCases: [...manifest.useCases, added], files: sorted };
}
