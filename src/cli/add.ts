import { dirname, join, relative } from 'node:path';
import { catalogFrom } from '../core/catalog.js';
import { type UseCaseEntry, inferUseCase } from '../core/spec.js';
import { ExitCode, usageError } from '../core/errors.js';
import { applyMoves } from '../fs/remove.js';
import { describeLeftover, temporaryLeftovers } from '../fs/leftovers.js';
import { acquireLock } from '../fs/lock.js';
import { type GrowPlan, type ProjectSnapshot, planAddUseCase } from '../grow/plan-add.js';
import { snapshotProject } from '../grow/project.js';
import { locateProject } from '../grow/team-project.js';
import { shippedTemplates } from '../fs/templates.js';
import { packageVersion } from '../version.js';
import { addToTeamProject } from './add-team.js';
import { KINDS, TRIGGERS } from '../core/use-cases.js';
import { LAYER_KINDS } from '../grow/spec-edits.js';
import { parseArgs } from './args.js';
import { INSTALL_FLAGS } from './grow-flags.js';
import { COMMON_FLAGS, type CommandSchema, renderHelp } from './help.js';
import { colors, emit, formatBytes, isInteractive, jsonEvents, print, printWarning } from './output.js';

export const ADD_SCHEMA: CommandSchema = {
  name: 'add',
  head: `Usage: create-bisslog-service add use-case <name> [options]
       create-bisslog-service add entry-point|adapter <id> [--dry-run] [--no-install]

Adds a use case to the project in the current folder (or above): its module and test, and for
a new port the port with its adapters; adds it to metadata.yml keeping your comments, and
regenerates generated wiring files you have not changed. Never overwrites your code.

add entry-point / add adapter write the layer's files, merge pyproject.toml and metadata.yml,
regenerate the wiring you have not changed (the rest is listed), install new dependencies
into .venv when there is one, and never touch src/domain.`,
  groups: [
    {
      title: 'Options',
      flags: [
        { flag: 'kind', kind: 'string', valueName: '<kind>', description: `Kind: ${KINDS.join('|')} (default: from the verb)` },
        { flag: 'port', kind: 'string', valueName: '<name>', description: 'Port (Division) it talks to (default: from the name, e.g. orders)' },
        { flag: 'method', kind: 'string', valueName: '<verb>', description: 'HTTP method (default: from the name: create→post, get→get, …)' },
        { flag: 'path', kind: 'string', valueName: '<path>', description: 'HTTP path, e.g. /orders/{order_id}/approval' },
        { flag: 'port-method', kind: 'string', valueName: '<name>', description: "In a project your team made: the port's method to call (default: the one that fits the verb)" },
        { flag: 'trigger', kind: 'string', valueName: '<type>', description: `A trigger beside the HTTP route: ${TRIGGERS.filter((t) => t !== 'http').join('|')}` },
        { flag: 'queue', kind: 'string', valueName: '<name>', description: 'Queue a consumer trigger reads, e.g. order-events' },
        { flag: 'cron', kind: 'string', valueName: '<expr>', description: "Schedule expression, e.g. 'rate(1 day)' or 'cron(0 3 * * ? *)'" },
        { flag: 'dry-run', kind: 'boolean', description: 'Show the files and the metadata.yml diff; change nothing' },
        ...COMMON_FLAGS,
      ],
    },
    { title: 'add entry-point / add adapter (also take --dry-run)', flags: INSTALL_FLAGS },
  ],
  tail: 'Exit codes: 0 ok, 1 failure or conflicts to settle, 2 usage or validation error (nothing changed), 3 install failed, 130 cancelled.',
};

export async function runAdd(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what === undefined) {
    process.stdout.write(renderHelp(ADD_SCHEMA));
    return ExitCode.usage;
  }
  const layer = LAYER_KINDS.find((kind) => kind === what);
  if (layer !== undefined) return (await import('./add-layer.js')).runAddLayer(layer, rest);
  if (what !== 'use-case') throw usageError(`cannot add "${what}"; available: use-case, ${LAYER_KINDS.join(', ')}`);
  const { positionals, values } = parseArgs(rest, ADD_SCHEMA.groups[0]!.flags);
  if (positionals.length > 1) throw usageError(`expected one use case name, got ${positionals.join(' ')}`);

  const located = locateProject(process.cwd());
  const entry: UseCaseEntry = { name: positionals[0] ?? '' };
  for (const key of ['kind', 'port', 'method', 'path', 'trigger', 'queue', 'cron'] as const) {
    const value = values.get(key);
    if (typeof value === 'string') entry[key] = value;
  }
  const dryRun = values.get('dry-run') === true;
  const portMethod = values.get('port-method');
  if (located.kind !== 'generated') {
    if (positionals[0] === undefined) throw usageError('missing <name>; e.g. add use-case list_company_data');
    return addToTeamProject(located, entry, typeof portMethod === 'string' ? portMethod : undefined, dryRun);
  }
  if (portMethod !== undefined) throw usageError('--port-method is for projects your team made; here the ports are generated with their methods');
  const { root } = located;
  const templates = await shippedTemplates();
  const catalog = catalogFrom(templates);
  const planFor = (project: ProjectSnapshot, e: UseCaseEntry) => planAddUseCase(project, e, catalog, templates, packageVersion());
  const where = relative(process.cwd(), root) || '.';
  // Read, plan and write under the project's lock, so a concurrent add cannot lose this one's entry.
  const locked = <T>(run: () => T): T => {
    const release = dryRun ? () => {} : acquireLock(root, (holder) => print(colors.dim(`waiting for ${holder}, which is changing this project…`)));
    try {
      return run();
    } finally {
      release();
    }
  };

  if (positionals[0] === undefined) {
    if (!isInteractive()) throw usageError('missing <name> and no terminal to ask; e.g. add use-case approve_order');
    // Without a name, in a terminal: ask for the rest too, show what will change, then confirm.
    const prompts = await import('./add-prompts.js');
    const asked = snapshotProject(root);
    const planner = { plan: (e: UseCaseEntry) => planFor(asked, e), infer: (e: UseCaseEntry) => inferUseCase(asked.manifest.spec, e) };
    const confirmed = await prompts.askUseCase(entry, asked, planner);
    if (dryRun) {
      prompts.addedOutro(`dry run in ${where}: nothing changed.`);
      return ExitCode.ok;
    }
    // The lock is not held while the questions wait: the confirmed answers are planned again under it.
    locked(() => {
      writeAdd(root, planFor(snapshotProject(root), confirmed.entry));
    });
    prompts.addedOutro(`Added use case ${confirmed.plan.added.key} in ${where}; run the tests: .venv/bin/pytest`);
    return ExitCode.ok;
  }
  return locked(() => applyAdd(root, where, planFor(snapshotProject(root), entry), dryRun));
}

/** The plan's files and its bases pack in one step; the 0.2.0 base files now in the pack go. */
function writeAdd(root: string, plan: GrowPlan): void {
  const { bases } = plan;
  applyMoves(root, { create: new Map([...plan.create, ...bases.create]), update: new Map([...plan.update, ...bases.update]), remove: bases.remove, backup: [] });
}

function applyAdd(root: string, where: string, plan: GrowPlan, dryRun: boolean): number {
  const { added } = plan;
  const triggers = [...added.consumers.map((c) => `, queue ${c.queue}`), ...added.schedules.map((s) => `, schedule ${s.cronjob}`)].join('');
  print(
    `${added.key}: ${colors.bold(added.kind)} (${added.reason}), ${added.http.method.toUpperCase()} ${added.http.path} → ${added.http.status}${triggers}, port ${added.port.key}`,
  );
  const list = (action: string, label: string, files: Map<string, string>) => {
    for (const [path, content] of files) {
      emit({ event: 'file', path, action, dryRun });
      if (!jsonEvents()) print(`  ${label} ${path} ${colors.dim(`(${formatBytes(Buffer.byteLength(content))})`)}`);
    }
  };
  list('create', colors.green('CREATE'), plan.create);
  list('update', colors.yellow('UPDATE'), plan.update);
  for (const path of plan.kept) {
    emit({ event: 'file', path, action: 'keep', dryRun, message: 'changed by you; not updated' });
    if (!jsonEvents()) print(`  ${colors.cyan('KEEP  ')} ${path} ${colors.dim('(changed by you; not updated, check it still fits)')}`);
  }

  const folders = [...plan.create.keys(), ...plan.update.keys()].map((path) => dirname(join(root, path)));
  for (const leftover of temporaryLeftovers(folders, dryRun)) printWarning(describeLeftover(leftover, root));
  if (dryRun) {
    print();
    print(plan.metadataDiff());
    print(`dry run in ${where}: nothing changed.`);
    return ExitCode.ok;
  }
  writeAdd(root, plan);
  print(`${colors.green('✔')} Added use case ${added.key} in ${where}; run the tests: .venv/bin/pytest`);
  return ExitCode.ok;
}
