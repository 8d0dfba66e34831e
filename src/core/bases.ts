import { usageError } from './errors.js';
import { byCodePoint, byKey } from './compare.js';

/**
 * What each generated file was, by its hash: the base of upgrade's three-way merges, so that
 * they need no git history. One file for all of them (a file each cost more to create than to
 * render), sorted by hash so the same bases always give the same bytes:
 *
 *   bisslog-bases 1
 *   <sha256 hex> <byte length>
 *   <text>
 *   ...
 *
 * each text followed by a newline, so a reader finds every header without decoding the texts.
 */
export const BASES_PACK = '.bisslog/bases.pack';
/** Where 0.2.0 kept each base as a file named by its hash: still read, emptied into the pack. */
export const LEGACY_BASES_DIR = '.bisslog/bases';
export const legacyBasePath = (hash: string): string => `${LEGACY_BASES_DIR}/${hexOf(hash)}`;

const MAGIC = 'bisslog-bases 1';
const HEADER = /^([0-9a-f]{64}) (0|[1-9][0-9]{0,9})$/;
const hexOf = (hash: string) => (hash.startsWith('sha256:') ? hash.slice('sha256:'.length) : hash);

/**
 * A base as written to the pack: its text, or its entry in a stored pack (header, text and
 * newline), copied whole. A project's pack is mostly bases that a change keeps: decoding them
 * only to encode them again, or writing their headers anew, cost more than the rest of an add
 * on a big project.
 */
export type PackedBase = string | Uint8Array;

/** The pack holding these bases (hash → text or stored entry); pure and deterministic. */
export function packBases(bases: ReadonlyMap<string, PackedBase>): Buffer {
  const entries: Array<[string, Uint8Array]> = [];
  for (const [hash, base] of bases) {
    const hex = hexOf(hash);
    entries.push([hex, typeof base === 'string' ? Buffer.from(`${hex} ${Buffer.byteLength(base)}\n${base}\n`) : base]);
  }
  entries.sort(byKey);
  return Buffer.concat([Buffer.from(`${MAGIC}\n`), ...entries.map((entry) => entry[1])]);
}

/** A pack's bases by hash (`sha256:<hex>`); a text is decoded when asked for. */
export interface BasePack {
  /** How many bases it holds. */
  size: number;
  has(hash: string): boolean;
  get(hash: string): string | undefined;
  /** A base's entry as stored (header, text, newline), not decoded: for copying into the next pack. */
  entry(hash: string): Uint8Array | undefined;
}

/** Reads a pack, refusing one that is damaged or cut short in one line; nothing is changed before. */
export function readPack(bytes: Uint8Array, source = BASES_PACK): BasePack {
  const damaged = (at: number, what: string) =>
    usageError(`${source} is damaged at byte ${at} (${what}); restore it (e.g. git checkout -- ${source}) or delete it, then run the command again`);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lineAt = (start: number) => {
    const end = buffer.indexOf(0x0a, start);
    return end < 0 ? undefined : { text: buffer.toString('latin1', start, end), next: end + 1 };
  };
  const first = lineAt(0);
  if (first?.text !== MAGIC) throw damaged(0, `not a bases pack: the first line must be "${MAGIC}"`);
  /** Per hash: where its entry starts, and where its text starts and ends. */
  const slices = new Map<string, [number, number, number]>();
  let previous = '';
  for (let at = first.next; at < buffer.length; ) {
    const header = lineAt(at);
    const match = header === undefined ? null : HEADER.exec(header.text);
    if (!header || !match) throw damaged(at, 'expected "<sha256 hex> <byte length>"');
    const [, hex, length] = match as unknown as [string, string, string];
    if (hex <= previous) throw damaged(at, 'entries out of order or repeated');
    const start = header.next;
    const end = start + Number(length);
    if (end >= buffer.length || buffer[end] !== 0x0a) throw damaged(start, `the text of ${hex} is cut short`);
    slices.set(`sha256:${hex}`, [at, start, end]);
    previous = hex;
    at = end + 1;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  return {
    size: slices.size,
    has: (hash) => slices.has(hash),
    entry: (hash) => {
      const slice = slices.get(hash);
      return slice === undefined ? undefined : buffer.subarray(slice[0], slice[2] + 1);
    },
    get: (hash) => {
      const slice = slices.get(hash);
      if (slice === undefined) return undefined;
      try {
        return decoder.decode(buffer.subarray(slice[1], slice[2]));
      } catch {
        throw damaged(slice[1], `the text of ${hexOf(hash)} is not UTF-8`);
      }
    },
  };
}

/** What the bases on disk are: the pack, and the files a 0.2.0 project kept them in. */
export interface StoredBases {
  /** The pack on disk, if there is one. */
  pack?: BasePack;
  /** Hashes that have a file under .bisslog/bases/ (0.2.0). */
  legacy: ReadonlySet<string>;
  /** A legacy base file's text; undefined when it is missing or not the text its name is the hash of. */
  readLegacy(hash: string): string | undefined;
}

export const NO_BASES: StoredBases = { legacy: new Set(), readLegacy: () => undefined };

/** A stored base by hash: the pack first, then a 0.2.0 file; undefined when neither has it. */
export function storedBase(stored: StoredBases, hash: string): string | undefined {
  return stored.pack?.get(hash) ?? (stored.legacy.has(hash) ? stored.readLegacy(hash) : undefined);
}

/** A stored base as the next pack takes it: its entry in the pack, else a 0.2.0 file's text. */
export function storedEntry(stored: StoredBases, hash: string): PackedBase | undefined {
  return stored.pack?.entry(hash) ?? (stored.legacy.has(hash) ? stored.readLegacy(hash) : undefined);
}

export const isStored = (stored: StoredBases, hash: string): boolean => stored.legacy.has(hash) || stored.pack?.has(hash) === true;

/**
 * How the bases on disk become `bases` (hash → text, every base still referenced): the pack
 * rewritten unless it holds exactly these hashes (a hash names its text, so the same hashes are
 * the same pack), and the 0.2.0 base files migrated: those still referenced are in
 * it, the others dropped as the pack drops them. A file there that is not the text its name is
 * the hash of is no base of ours and stays.
 */
export function baseWrites(stored: StoredBases, bases: ReadonlyMap<string, PackedBase>): { pack?: Buffer; migrated: string[] } {
  const migrated = [...stored.legacy].filter((hash) => stored.readLegacy(hash) !== undefined).map(legacyBasePath).sort(byCodePoint);
  const { pack } = stored;
  const same = pack !== undefined && pack.size === bases.size && [...bases.keys()].every((hash) => pack.has(hash));
  return { ...(same ? {} : { pack: packBases(bases) }), migrated };
}
