import { resolve } from 'node:path';
import { usageError } from '../core/errors.js';
import { lstatOrUndefined, statOrUndefined } from './folders.js';
import { shellQuote } from '../shell.js';

/**
 * Like git since CVE-2022-24765: a project (or its .venv) owned by another user is not run or
 * written, since whoever owns it decides what `.venv/bin/…` executes. Root gets no exception
 * (it would run another user's programs as root); under sudo, the invoking user's folders are
 * accepted, as git does. SAFE_ENV lists folders to trust anyway, or `*`.
 */
export const SAFE_ENV = 'CREATE_BISSLOG_SAFE_DIRECTORY';

function trusted(path: string, env: NodeJS.ProcessEnv): boolean {
  const listed = (env[SAFE_ENV] ?? '').split(':').filter(Boolean);
  return listed.includes('*') || listed.some((entry) => resolve(entry) === resolve(path));
}

/** The uids whose folders this process may use: its own, and under sudo the caller's. */
function acceptedOwners(env: NodeJS.ProcessEnv): number[] | undefined {
  const euid = process.geteuid?.();
  if (euid === undefined) return undefined;
  const sudo = euid === 0 && env.SUDO_UID !== undefined && /^\d+$/.test(env.SUDO_UID) ? [Number(env.SUDO_UID)] : [];
  return [euid, ...sudo];
}

/**
 * Throws when `path` (and, if it is a link, what it points to) belongs to another user.
 * `what` names it in the message; a missing path is fine.
 */
export function assertOwned(path: string, what: string, root: string, env: NodeJS.ProcessEnv = process.env): void {
  const owners = acceptedOwners(env);
  if (!owners || trusted(root, env)) return;
  for (const stat of [lstatOrUndefined(path), statOrUndefined(path)]) {
    if (stat && !owners.includes(stat.uid)) {
      throw usageError(
        `refusing to use ${what} ${path}: it is owned by uid ${stat.uid}, not by you (uid ${owners[0]}); if you trust it, run again with ${SAFE_ENV}=${shellQuote(resolve(root))}`,
      );
    }
  }
}
