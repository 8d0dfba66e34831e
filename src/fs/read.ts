import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { usageError } from '../core/errors.js';
import { sleepSync } from './alive.js';
import { fsReason } from './reason.js';

/** Inputs we read (specs, manifests, metadata.yml) are a few kB; this is far beyond any real one. */
export const MAX_INPUT_BYTES = 1024 * 1024;
/** A pipe that sends nothing for this long is not going to send a spec. */
const PIPE_TIMEOUT_MS = 10_000;

/**
 * Reads a file of at most `cap` bytes; anything else (a folder, a device like /dev/zero, a
 * larger file, a pipe that never ends) is a usage error naming `shown`, never a hang. Opened
 * non-blocking, so a FIFO with no writer does not block either.
 */
export function readBounded(path: string, shown: string, cap = MAX_INPUT_BYTES): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw usageError(`cannot read ${shown}`, { cause: error });
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw usageError(`cannot read ${shown}: it is a folder, not a file`);
    if (stat.isFile() && stat.size > cap) throw usageError(`${shown} is larger than ${cap / 1024} kB; refusing to read it`);
    const chunks: Buffer[] = [];
    let total = 0;
    const deadline = Date.now() + PIPE_TIMEOUT_MS;
    // A regular file's size is known (and under the cap): one buffer of that size and a byte to
    // see the end, read at once, not 64 kB for every small file nor in pieces for a big one.
    const chunkSize = stat.isFile() ? stat.size + 1 : 64 * 1024;
    let chunk = Buffer.allocUnsafe(chunkSize);
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        if (Date.now() > deadline) throw usageError(`${shown} sent nothing for ${PIPE_TIMEOUT_MS / 1000} s; giving up`);
        sleepSync(10);
        continue;
      }
      if (read === 0) break;
      total += read;
      if (total > cap) throw usageError(`${shown} is larger than ${cap / 1024} kB; refusing to read it`);
      chunks.push(chunk.subarray(0, read));
      if (read === chunk.length) chunk = Buffer.allocUnsafe(64 * 1024);
      else chunk = chunk.subarray(read);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof Error && error.name === 'CliError') throw error;
    throw usageError(`cannot read ${shown}: ${fsReason(error)}`, { cause: error });
  } finally {
    closeSync(fd);
  }
}

/** UTF-8 text, its byte-order mark kept; other encodings are refused rather than guessed. */
export function decodeUtf8(bytes: Buffer, shown: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalid(bytes);
    throw usageError(`${shown} is not UTF-8 text (byte 0x${bytes[at]?.toString(16).padStart(2, '0')} at offset ${at}); save it as UTF-8 first`);
  }
}

/** Where the first byte that is not UTF-8 is, for the message (the decoder decides validity). */
function firstInvalid(bytes: Buffer): number {
  for (let at = 0; at < bytes.length; at++) {
    const lead = bytes[at]!;
    if (lead < 0x80) continue;
    const length = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
    if (length < 0) return at;
    for (let next = 1; next <= length; next++) {
      const byte = bytes[at + next];
      if (byte === undefined || byte < 0x80 || byte > 0xbf) return at;
    }
    at += length;
  }
  return 0;
}

export const readText = (path: string, shown: string, cap = MAX_INPUT_BYTES): string => decodeUtf8(readBounded(path, shown, cap), shown);
