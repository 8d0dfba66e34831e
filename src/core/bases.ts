import { usageError } from './errors.js';
import { byCodePoint } from './compare.js';

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
const hexOf = (hash: string) => hash.replace(/^sha256:/, '');

/**
 * A base as written to the pack: its text, or the bytes of one already stored, copied as they are
 * (a project's pack is mostly bases that a change keeps, and decoding them only to encode them
 * again cost more than the rest of an add on a big project).
 */
export type PackedBase = string | Uint8Array;

/** The pack holding these bases (hash → text or stored bytes); pure and deterministic. */
export function packBases(bases: ReadonlyMap<string, PackedBase>): Buffer {
  const entries = [...bases].map(([hash, base]) => [hexOf(hash), typeof base === 'string' ? Buffer.from(base) : base] as const).sort(([a], [b]) => byCodePoint(a, b));
  // Headers are ASCII, so each is as long in bytes as in characters: one buffer, filled in place.
  const headers = entries.map(([hex, bytes]) => `${hex} ${bytes.byteLength}\n`);
  let size = MAGIC.length + 1;
  entries.forEach(([, bytes], i) => (size += headers[i]!.length + bytes.byteLength + 1));
  const pack = Buffer.allocUnsafe(size);
  let at = pack.write(`${MAGIC}\n`, 0, 'latin1');
  entries.forEach(([, bytes], i) => {
    at += pack.write(headers[i]!, at, 'latin1');
    pack.set(bytes, at);
    at += bytes.byteLength;
    at = pack.writeUInt8(0x0a, at);
  });
  return pack;
}

/** A pack's bases by hash (`sha256:<hex>`); a text is decoded when asked for. */
export interface BasePack {
  /** How many bases it holds. */
  size: number;
  has(hash: string): boolean;
  get(hash: string): string | undefined;
  /** A base's bytes, not decoded: for copying it into the next pack. */
  bytes(hash: string): Uint8Array | undefined;
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
  const slices = new Map<string, [number, number]>();
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
    slices.set(`sha256:${hex}`, [start, end]);
    previous = hex;
    at = end + 1;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  return {
    size: slices.size,
    has: (hash) => slices.has(hash),
    bytes: (hash) => {
      const slice = slices.get(hash);
      return slice === undefined ? undefined : buffer.subarray(slice[0], slice[1]);
    },
    get: (hash) => {
      const slice = slices.get(hash);
      if (slice === undefined) return undefined;
      try {
        return decoder.decode(buffer.subarray(slice[0], slice[1]));
      } catch {
        throw damaged(slice[0], `the text of ${hexOf(hash)} is not UTF-8`);
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

/** A stored base as the next pack takes it: the pack's bytes, else a 0.2.0 file's text. */
export function storedBytes(stored: StoredBases, hash: string): PackedBase | undefined {
  return stored.pack?.bytes(hash) ?? (stored.legacy.has(hash) ? stored.readLegacy(hash) : undefined);
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
