import { relative } from 'node:path';
import { MANIFEST_PATH } from '../core/manifest.js';
import { ExitCode, usageError } from '../core/errors.js';
import { applyChanges } from '../fs/apply.js';
import { adoptedManifest, describeConventions } from '../grow/adopt.js';
import { adoptedManifestText } from '../grow/adopted-manifest.js';
import { detectConventions } from '../grow/conventions.js';
import { locateProject, projectFiles } from '../grow/team-project.js';
import { packageVersion } from '../version.js';
import { parseArgs } from './args.js';
import { COMMON_FLAGS, type CommandSchema, flagsOf } from './help.js';
import { colors, print } from './output.js';

export const ADOPT_SCHEMA: CommandSchema = {
  name: 'adopt',
  head: `Usage: create-bisslog-service adopt [--dry-run]

Takes in a bisslog project your team made (a metadata.yml beside src/domain/use_cases, in the
current folder or above): reads its conventions from its files and writes them to
${MANIFEST_PATH}, with every file there marked as the team's. add use-case and check then
follow them. Changes no other file.`,
  groups: [
    {
      title: 'Options',
      flags: [{ flag: 'dry-run', kind: 'boolean', description: 'Show what was detected; write nothing' }, ...COMMON_FLAGS],
    },
  ],
  tail: 'Exit codes: 0 ok, 1 failure, 2 usage error (nothing changed).',
};

export async function runAdopt(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs(argv, flagsOf(ADOPT_SCHEMA));
  if (positionals.length > 0) throw usageError(`adopt takes no arguments (got ${positionals.join(' ')})`);
  const located = locateProject(process.cwd());
  const where = relative(process.cwd(), located.root) || '.';
  if (located.kind !== 'team') throw usageError(`${where} already has ${MANIFEST_PATH}: nothing to adopt`);
  const files = projectFiles(located.root);
  const conventions = detectConventions(files);
  for (const line of describeConventions(files, conventions)) print(line);
  const manifest = adoptedManifest(files, conventions, packageVersion());
  print();
  if (values.get('dry-run') === true) {
    print(`dry run in ${where}: would write ${MANIFEST_PATH} (${Object.keys(manifest.files).length} files marked as the team's); nothing changed.`);
    return ExitCode.ok;
  }
  applyChanges(located.root, new Map([[MANIFEST_PATH, adoptedManifestText(manifest)]]), new Map());
  print(`${colors.green('✔')} Adopted ${where}: ${MANIFEST_PATH} records these conventions and ${Object.keys(manifest.files).length} files as the team's.`);
  return ExitCode.ok;
}
