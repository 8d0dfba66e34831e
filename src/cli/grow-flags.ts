import type { FlagSpec } from './args.js';

/** The flags of every command that changes a project's files through a plan. */
export const DRY_RUN_FLAG: FlagSpec = { flag: 'dry-run', kind: 'boolean', description: 'Show the files and their diffs; change nothing' };
export const INSTALL_FLAGS: FlagSpec[] = [
  { flag: 'install', kind: 'boolean', negatable: true, description: 'Install new dependencies into .venv when there is one (--no-install to skip)' },
  { flag: 'installer', kind: 'string', valueName: '<uv|pip>', description: 'Python installer (default: uv when on PATH, else pip)' },
];
export const FORCE_FLAG: FlagSpec = { flag: 'force', kind: 'boolean', description: 'Move changed files that are no longer generated to <name>.orig' };
