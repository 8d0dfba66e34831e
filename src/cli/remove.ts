import { ExitCode, usageError } from '../core/errors.js';
import { normalizeUseCaseName } from '../core/use-cases.js';
import { withoutUseCaseEntry } from '../grow/metadata-remove.js';
import { LAYER_KINDS, withoutLayer, withoutUseCase } from '../grow/spec-edits.js';
import { parseArgs } from './args.js';
import { DRY_RUN_FLAG, FORCE_FLAG } from './grow-flags.js';
import { isDomain } from '../grow/spec-change.js';
import { changeSpec } from './grow-run.js';
import { COMMON_FLAGS, type CommandSchema, flagsOf, renderHelp } from './help.js';

export const REMOVE_SCHEMA: CommandSchema = {
  name: 'remove',
  head: `Usage: create-bisslog-service remove use-case|entry-point|adapter <name> [options]

Removes a use case, an entry point or an adapter from the project in the current folder (or
above): deletes the files it generated that are still exactly as generated, lists the ones you
changed and keeps them (--force moves them to <name>.orig), merges pyproject.toml and
metadata.yml, and regenerates generated wiring you have not changed. Removing an entry point
or an adapter never touches src/domain; the last entry point and use case stay.`,
  groups: [{ title: 'Options', flags: [DRY_RUN_FLAG, FORCE_FLAG, ...COMMON_FLAGS] }],
  tail: `Examples:
  create-bisslog-service remove entry-point flask --dry-run
  create-bisslog-service remove use-case get_item

Exit codes: 0 ok, 1 failure or conflicts to settle, 2 usage or validation error (nothing changed), 130 cancelled.`,
};

export async function runRemove(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what === undefined) {
    process.stdout.write(renderHelp(REMOVE_SCHEMA));
    return ExitCode.usage;
  }
  const args = parseArgs(rest, flagsOf(REMOVE_SCHEMA));
  if (args.positionals.length !== 1) throw usageError(`expected one name after remove ${what}`);
  const name = args.positionals[0]!;
  if (what === 'use-case') {
    const key = normalizeUseCaseName(name);
    return changeSpec(args, {
      edit: (spec) => withoutUseCase(spec, key),
      // Your edits inside the entry go with it; the rest of metadata.yml is merged.
      prepare: (path, text) => (path === 'metadata.yml' ? withoutUseCaseEntry(text, key) : text),
      done: `Removed the use case ${key}`,
    });
  }
  const kind = LAYER_KINDS.find((k) => k === what);
  if (kind === undefined) throw usageError(`cannot remove "${what}"; available: use-case, ${LAYER_KINDS.join(', ')}`);
  return changeSpec(args, { edit: (spec, catalog) => withoutLayer(spec, kind, name, catalog), protects: isDomain, done: `Removed the ${kind.replace('-', ' ')} ${name}` });
}
