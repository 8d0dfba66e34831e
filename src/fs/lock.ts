import { openSync, readFileSync, renameSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CliError, ExitCode } from '../core/errors.js';
import { processAlive, sleepSync } from './alive.js';
import { makeFolders } from './folders.js';
import { fsReason } from './reason.js';

/**
 * One grow command at a time per project: `.bisslog/lock` is created exclusively and holds the
 * owner's pid and host. A lock whose process is gone (killed, crashed) is stale and taken over;
 * a live one is waited for, then refused.
 */
export const LOCK_PATH = join('.bisslog', 'lock');
const WAIT_MS = 30_000;
/** A grow command holds the lock for milliseconds; one this old was left by a reused pid. */
const STALE_AFTER_MS = 10 * 60_000;

interface Holder {
  pid: number;
  host: string;
  started: number;
}

function readHolder(path: string): Holder | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.started === 'number') return value as Holder;
  } catch {
    // Unreadable or half-written: judged by its age below.
  }
  return undefined;
}

function isStale(path: string, holder: Holder | undefined): boolean {
  let age: number;
  try {
    age = Date.now() - statSync(path).mtimeMs;
  } catch {
    return false;
  }
  if (age > STALE_AFTER_MS) return true;
  // A lock being written right now has no content yet: give its writer a moment.
  if (!holder) return age > 2_000;
  return holder.host === hostname() && !processAlive(holder.pid);
}

/** Takes a stale lock away by renaming it first, so two runs never both remove a fresh one. */
function breakStale(path: string): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  // If the lock was replaced between the check and the rename, put the live one back.
  if (!isStale(aside, readHolder(aside))) {
    try {
      renameSync(aside, path);
      return;
    } catch {
      // Fall through: better a removed live lock than a second copy of it.
    }
  }
  rmSync(aside, { force: true });
}

/** Waits for the project's lock and returns the function that releases it (also run at exit). */
export function acquireLock(root: string, onWait: (holder: string) => void = () => {}, waitMs = WAIT_MS): () => void {
  const path = join(root, LOCK_PATH);
  makeFolders(join(root, '.bisslog'));
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${JSON.stringify({ pid: process.pid, host: hostname(), started: Date.now() })}\n`);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new CliError(`cannot lock the project (${LOCK_PATH}): ${fsReason(error)}`, ExitCode.failure, { cause: error });
      }
    }
    const holder = readHolder(path);
    if (isStale(path, holder)) {
      breakStale(path);
      continue;
    }
    const who = holder ? `process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}` : 'another process';
    if (Date.now() > deadline) {
      throw new CliError(
        `${root} is being changed by ${who} (${LOCK_PATH}); try again when it has finished, or delete ${LOCK_PATH} if that process is gone`,
        ExitCode.failure,
      );
    }
    if (!announced) onWait(who);
    announced = true;
    sleepSync(50);
  }
  const release = () => {
    process.off('exit', release);
    if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
  };
  process.on('exit', release);
  return release;
}
