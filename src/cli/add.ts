import { dirname, join, relative } from 'node:path';
import { catalogFrom } from '../core/catalog.js';
import type { UseCaseEntry } from '../core/spec.js';
import { CliError, ExitCode, usageError } from '../errors.js';
import { applyChanges } from '../fs/apply.js';
import { describeLeftover, temporaryLeftovers } from '../fs/leftovers.js';
import { acquireLock } from '../fs/lock.js';
import { planAddUseCase } from '../grow/plan-add.js';
import { findProjectRoot, snapshotProject } from '../grow/project.js';
import { shippedTemplates } from '../render/load-templates.js';
import type { TemplateSet } from '../render/render.js';
import { packageVersion } from '../version.js';
import { identifierProblem } from '../core/names.js';
import { KINDS } from '../core/use-cases.js';
import { parseArgs } from './args.js';
import { COMMON_FLAGS, type CommandSchema, flagsOf, renderHelp } from './help.js';
import { colors, formatBytes, isInteractive, print, printWarning } from './output.js';

export const ADD_SCHEMA: CommandSchema = {
  name: 'add',
  head: `Usage: create-bisslog-service add use-case <name> [options]

Adds a use case to the project in the current folder (or above): its module and test, and for
a new port the port with its adapters; adds it to metadata.yml keeping your comments, and
regenerates generated wiring files you have not changed. Never overwrites your code.`,
  groups: [
    {
      title: 'Options',
      flags: [
        { flag: 'kind', kind: 'string', valueName: '<kind>', description: `Kind: ${KINDS.join('|')} (default: from the verb)` },
        { flag: 'port', kind: 'string', valueName: '<name>', description: 'Port (Division) it talks to (default: from the name, e.g. orders)' },
        { flag: 'method', kind: 'string', valueName: '<verb>', description: 'HTTP method (default: from the name: create→post, get→get, …)' },
        { flag: 'path', kind: 'string', valueName: '<path>', description: 'HTTP path, e.g. /orders/{order_id}/approval' },
        { flag: 'trigger', kind: 'string', valueName: 'http', description: 'Trigger type (http)' },
        { flag: 'dry-run', kind: 'boolean', description: 'Show the files and the metadata.yml diff; change nothing' },
        ...COMMON_FLAGS,
      ],
    },
  ],
  tail: 'Exit codes: 0 ok, 1 failure, 2 usage or validation error (nothing changed), 130 cancelled.',
};

async function askName(): Promise<string> {
  const p = await import('@clack/prompts');
  const answer = await p.text({
    message: 'Use case name (e.g. approve_order)',
    validate: (value) => identifierProblem('use case name', value ?? ''),
  });
  if (typeof answer === 'symbol') throw new CliError('cancelled; nothing was changed', ExitCode.cancelled);
  return answer;
}

export async function runAdd(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what === undefined) {
    process.stdout.write(renderHelp(ADD_SCHEMA));
    return ExitCode.usage;
  }
  if (what !== 'use-case') throw usageError(`cannot add "${what}"; available: use-case`);
  const { positionals, values } = parseArgs(rest, flagsOf(ADD_SCHEMA));
  if (positionals.length > 1) throw usageError(`expected one use case name, got ${positionals.join(' ')}`);
  const trigger = values.get('trigger');
  if (trigger !== undefined && trigger !== 'http') throw usageError(`trigger "${String(trigger)}" is not supported; use http`);

  const root = findProjectRoot(process.cwd());
  let name = positionals[0];
  if (name === undefined) {
    if (!isInteractive()) throw usageError('missing <name> and no terminal to ask; e.g. add use-case approve_order');
    name = await askName();
  }
  const entry: UseCaseEntry = { name };
  for (const key of ['kind', 'port', 'method', 'path'] as const) {
    const value = values.get(key);
    if (typeof value === 'string') entry[key] = value;
  }

  const templates = await shippedTemplates();
  const dryRun = values.get('dry-run') === true;
  // Read, plan and write under the project's lock, so a concurrent add cannot lose this one's entry.
  const release = dryRun ? () => {} : acquireLock(root, (holder) => print(colors.dim(`waiting for ${holder}, which is changing this project…`)));
  try {
    return applyAdd(root, entry, templates, dryRun);
  } finally {
    release();
  }
}

function applyAdd(root: string, entry: UseCaseEntry, templates: TemplateSet, dryRun: boolean): number {
  const plan = planAddUseCase(snapshotProject(root), entry, catalogFrom(templates), templates, packageVersion());
  const where = relative(process.cwd(), root) || '.';
  const { added } = plan;
  print(
    `${added.key}: ${colors.bold(added.kind)} (${added.reason}), ${added.http.method.toUpperCase()} ${added.http.path} → ${added.http.status}, port ${added.port.key}`,
  );
  const list = (label: string, files: Map<string, string>) => {
    for (const [path, content] of files) print(`  ${label} ${path} ${colors.dim(`(${formatBytes(Buffer.byteLength(content))})`)}`);
  };
  list(colors.green('CREATE'), plan.create);
  list(colors.yellow('UPDATE'), plan.update);
  for (const path of plan.kept) print(`  ${colors.cyan('KEEP  ')} ${path} ${colors.dim('(changed by you; not updated, check it still fits)')}`);

  const folders = [...plan.create.keys(), ...plan.update.keys()].map((path) => dirname(join(root, path)));
  for (const leftover of temporaryLeftovers(folders, dryRun)) printWarning(describeLeftover(leftover, root));
  if (dryRun) {
    print();
    print(plan.metadataDiff);
    print(`dry run in ${where}: nothing changed.`);
    return ExitCode.ok;
  }
  applyChanges(root, plan.create, plan.update);
  print(`${colors.green('✔')} Added use case ${added.key} in ${where}; run the tests: .venv/bin/pytest`);
  return ExitCode.ok;
}
