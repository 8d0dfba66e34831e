import { usageError } from '../core/errors.js';
import type { FlagSpec } from './args.js';

/**
 * `npm create x my-app --entry flask` (no `--`) makes npm keep `--entry` for itself: the flag
 * never reaches us, and npm exports it as npm_config_entry. Options npm itself owns (--yes,
 * --force, --dry-run, --git) may also come from an .npmrc, so those only explain an error.
 */
const NPM_OWN = new Set(['yes', 'force', 'dry-run', 'git']);

const envName = (flag: string) => `npm_config_${flag.replace(/-/g, '_')}`;

function underNpm(env: NodeJS.ProcessEnv): boolean {
  return env.npm_command === 'init' || env.npm_command === 'exec';
}

/** Throws when npm swallowed one of our own flags; `given` are the flags that did arrive. */
export function checkSwallowedFlags(specs: FlagSpec[], given: ReadonlySet<string>, env: NodeJS.ProcessEnv): void {
  if (!underNpm(env)) return;
  const swallowed = specs
    .filter((s) => !NPM_OWN.has(s.flag) && !given.has(s.flag))
    .filter((s) => [s.flag, ...(s.aliases ?? [])].some((name) => env[envName(name)] !== undefined))
    .map((s) => `--${s.flag}`);
  // --dry-run that npm took would make us write for real: never proceed.
  if (env[envName('dry-run')] === 'true' && !given.has('dry-run')) swallowed.push('--dry-run');
  if (swallowed.length > 0) {
    throw usageError(
      `npm kept ${swallowed.join(', ')} for itself; put -- before the options: npm create bisslog-service@latest <dir> -- ${swallowed.join(' ')} …`,
    );
  }
}

/** A hint for an error that a flag npm took would have avoided, or ''. */
export function npmHint(flag: string, env: NodeJS.ProcessEnv): string {
  return underNpm(env) && env[envName(flag)] === 'true' ? ` (npm kept --${flag} for itself: put -- before your options)` : '';
}
