import { usageError } from '../core/errors.js';
import { parseArgs } from './args.js';
import { DRY_RUN_FLAG, INSTALL_FLAGS } from './grow-flags.js';
import { changeSpec } from './grow-run.js';
import { COMMON_FLAGS, type CommandSchema, flagsOf } from './help.js';

export const UPGRADE_SCHEMA: CommandSchema = {
  name: 'upgrade',
  head: `Usage: create-bisslog-service upgrade [--dry-run]

Re-renders the project in the current folder (or above) from the spec in its manifest with this
release's templates, and merges file by file, three ways: base = what the older release
generated (kept in .bisslog/bases.pack; for projects made by 0.1.0, found in the git history), yours =
the file on disk, theirs = the new rendering. Files you never changed are replaced, changed
ones are merged; a conflict is written between <<<<<<< and >>>>>>> markers and listed (exit 1).
New dependencies are installed into .venv when there is one. Running it again changes nothing.`,
  groups: [{ title: 'Options', flags: [DRY_RUN_FLAG, ...INSTALL_FLAGS, ...COMMON_FLAGS] }],
  tail: 'Exit codes: 0 ok, 1 conflicts to settle or failure, 2 usage error or a project made by a newer release (nothing changed), 3 install failed, 130 cancelled.',
};

export async function runUpgrade(argv: string[]): Promise<number> {
  const args = parseArgs(argv, flagsOf(UPGRADE_SCHEMA));
  if (args.positionals.length > 0) throw usageError(`upgrade takes no arguments (got ${args.positionals.join(' ')})`);
  return changeSpec(args, { done: 'Upgraded' });
}
