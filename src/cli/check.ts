import { relative } from 'node:path';
import { DATABASE, catalogFrom } from '../core/catalog.js';
import { ExitCode, usageError } from '../core/errors.js';
import { shippedTemplates } from '../fs/templates.js';
import { analyzerProblems, generatedLayout, staticProblems } from '../grow/check.js';
import { packageVersion } from '../version.js';
import { detectConventions } from '../grow/conventions.js';
import { teamCheckLayout, teamProblems } from '../grow/team-check.js';
import { locateProject, projectFiles } from '../grow/team-project.js';
import { parseArgs } from './args.js';
import { COMMON_FLAGS, type CommandSchema, flagsOf } from './help.js';
import { colors, emit, jsonEvents, print, printWarning } from './output.js';

export const CHECK_SCHEMA: CommandSchema = {
  name: 'check',
  head: `Usage: create-bisslog-service check [--no-analyzer]

Cross-checks metadata.yml against the code of the project in the current folder (or above):
every use case has a module and every module a use case, HTTP triggers use "path" and map each
of its {parameters}, every external interaction has a port with its adapters, and
bisslog-schema's analyzer (run from the project's .venv, or PATH) reports no errors. Prints one
line per problem; for CI gates.`,
  groups: [
    {
      title: 'Options',
      flags: [
        { flag: 'analyzer', kind: 'boolean', negatable: true, description: "Run bisslog-schema's analyzer (--no-analyzer to skip it)" },
        ...COMMON_FLAGS,
      ],
    },
  ],
  tail: 'Exit codes: 0 no drift, 1 drift found, 2 usage error.',
};

export async function runCheck(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs(argv, flagsOf(CHECK_SCHEMA));
  if (positionals.length > 0) throw usageError(`check takes no arguments (got ${positionals.join(' ')})`);
  const located = locateProject(process.cwd());
  const { root } = located;
  const templates = await shippedTemplates();
  const catalog = catalogFrom(templates);
  const isDatabaseAdapter = (id: string) => catalog.adapters.some((a) => a.id === id && a.provides.includes(DATABASE));
  let problems: string[];
  let metadata = 'metadata.yml';
  if (located.kind === 'generated') problems = await staticProblems(root, isDatabaseAdapter, generatedLayout(root, isDatabaseAdapter, { templates, catalog, version: packageVersion() }));
  else {
    const files = projectFiles(root);
    const conventions = located.kind === 'adopted' ? located.manifest.conventions : detectConventions(files);
    metadata = conventions.metadata;
    problems = [...(await staticProblems(root, isDatabaseAdapter, teamCheckLayout(files, conventions))), ...teamProblems(files, conventions)];
  }
  if (values.get('analyzer') !== false) {
    const analyzer = await analyzerProblems(root, metadata);
    if (analyzer === undefined) printWarning("skipped bisslog-schema's analyzer: not installed in .venv or on PATH");
    else problems.push(...analyzer);
  }
  const where = relative(process.cwd(), root) || '.';
  for (const problem of problems) {
    emit({ event: 'problem', message: problem });
    if (!jsonEvents()) process.stderr.write(`${colors.red('drift')} ${problem}\n`);
  }
  if (problems.length > 0) {
    if (!jsonEvents()) process.stderr.write(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${where}\n`);
    return ExitCode.failure;
  }
  print(`${colors.green('✔')} ${metadata} and the code agree in ${where}`);
  return ExitCode.ok;
}
