import { resolve } from 'node:path';
import { type Catalog, catalogFrom } from '../core/catalog.js';
import { withManifest } from '../core/manifest.js';
import { type ServiceSpec, type UseCaseEntry, buildModel, useCaseName } from '../core/spec.js';
import { normalizeUseCaseName } from '../core/use-cases.js';
import { ExitCode, usageError } from '../core/errors.js';
import { describeLeftover, scaffoldLeftovers } from '../fs/leftovers.js';
import { inspectTarget, writeProject } from '../fs/write.js';
import type { Installer } from '../install/python.js';
import { shippedTemplates } from '../fs/templates.js';
import { render } from '../render/render.js';
import type { FileWrites } from '../core/files.js';
import { packageVersion } from '../version.js';
import { type FlagValue, parseArgs } from './args.js';
import { installSignalHandlers, noteOnInterrupt } from './interrupt.js';
import { checkSwallowedFlags, npmHint } from './npm-args.js';
import {
  type AnswerContext,
  type CreateAnswers,
  answerOptions,
  createFlagSpecs,
  flagFor,
  type RunFlags,
} from './create-options.js';
import { colors, emit, formatBytes, isInteractive, jsonEvents, plainReporter, print, printWarning, type Reporter } from './output.js';
import { closingSummary, equivalentCommand } from './summary.js';

interface Invocation {
  answers: Partial<CreateAnswers>;
  /** `--consumer` and `--schedule`: use case → its extra trigger. */
  triggers: Map<string, Pick<UseCaseEntry, 'trigger' | 'queue' | 'cron'>>;
  flags: RunFlags;
  /** The spec read with --from; it keeps use-case overrides that flags cannot express. */
  fromSpec?: ServiceSpec;
}

const SPEC_ANSWERS = ['name', 'description', 'team', 'entry', 'adapter', 'useCase'] as const;

async function toInvocation(argv: string[], catalog: Catalog, cwd: string): Promise<Invocation> {
  const { positionals, values } = parseArgs(argv, createFlagSpecs);
  checkSwallowedFlags(createFlagSpecs, new Set(values.keys()), process.env);
  if (positionals.length > 1) {
    throw usageError(`expected one folder, got ${positionals.map((p) => JSON.stringify(p)).join(' ')}; quote names with spaces`);
  }
  const answers: Partial<CreateAnswers> = {};
  const ctx: AnswerContext = { catalog, answers, cwd };
  if (positionals[0] !== undefined) {
    if (values.has('dir')) throw usageError('give the folder either as the first argument or as --dir, not both');
    values.set('dir', positionals[0]);
  }
  for (const option of answerOptions) {
    const value: FlagValue | undefined = values.get(option.flag);
    if (value === undefined) continue;
    const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    if (option.kind === 'list' && items.length === 0) throw usageError(`option --${option.flag} needs at least one value`);
    const allowed = option.choices?.(catalog).map((c) => c.value);
    for (const item of items) {
      if (allowed && !allowed.includes(item)) {
        throw usageError(`unknown ${option.flag} "${item}"; choose from ${allowed.join(', ')}`);
      }
      const problem = option.validate?.(item, ctx);
      if (problem) throw usageError(problem);
    }
    (answers as Record<string, unknown>)[option.key] = value;
  }
  const installer = values.get('installer');
  if (installer !== undefined && installer !== 'uv' && installer !== 'pip') {
    throw usageError(`--installer must be uv or pip (got "${String(installer)}")`);
  }
  if (installer !== undefined && answers.install === false) {
    throw usageError('--installer and --no-install contradict each other');
  }
  const triggers = triggersFrom(values.get('consumer') as string[] | undefined, values.get('schedule') as string[] | undefined);
  const from = values.get('from') as string | undefined;
  let fromSpec: ServiceSpec | undefined;
  if (from !== undefined) {
    const given = answerOptions.filter((o) => (SPEC_ANSWERS as readonly string[]).includes(o.key) && answers[o.key] !== undefined);
    if (given.length > 0) throw usageError(`--from and ${given.map(flagFor).join(', ')} contradict each other`);
    if (triggers.size > 0) throw usageError('--from and --consumer/--schedule contradict each other');
    fromSpec = (await import('../fs/spec-file.js')).readSpecFile(resolve(cwd, from));
    Object.assign(answers, {
      name: fromSpec.name,
      description: fromSpec.description,
      team: fromSpec.team,
      entry: fromSpec.entryPoints,
      adapter: fromSpec.adapters,
      useCase: fromSpec.useCases.map(useCaseName),
    });
  }
  return {
    answers,
    triggers,
    fromSpec,
    flags: {
      installer: installer as Installer | undefined,
      git: values.get('git') !== false,
      force: values.get('force') === true,
      dryRun: values.get('dry-run') === true,
      yes: values.get('yes') === true,
    },
  };
}

interface Resolved {
  answers: CreateAnswers;
  /** --force, or the choice to write into a folder that is not empty. */
  force: boolean;
  reporter: Reporter;
  prompted: boolean;
}

async function resolveAnswers(invocation: Invocation, catalog: Catalog, cwd: string): Promise<Resolved> {
  const { flags } = invocation;
  let answers = invocation.answers;
  const missing = answerOptions.filter((o) => answers[o.key] === undefined);
  if (missing.length > 0 && !flags.yes && isInteractive()) {
    const { promptFor, framedReporter } = await import('./prompts.js');
    const prompted = await promptFor(missing, { catalog, answers, cwd }, flags.force);
    return { answers: prompted.answers as CreateAnswers, force: prompted.force, reporter: framedReporter, prompted: true };
  } else if (missing.length > 0) {
    const required = missing.filter((o) => o.required);
    if (!flags.yes && required.length > 0) {
      throw usageError(
        `missing ${required.map(flagFor).join(', ')} and no terminal to ask; pass them, or --yes to accept the defaults${npmHint('yes', process.env)}`,
      );
    }
    answers = { ...answers };
    for (const option of missing) {
      (answers as Record<string, unknown>)[option.key] = option.defaultValue({ catalog, answers, cwd });
    }
    print(colors.dim('Using defaults for unanswered options:'));
    for (const option of missing) {
      const value = answers[option.key];
      const shown = Array.isArray(value) ? value.join(',') : String(value);
      const change = option.kind === 'boolean' ? `--no-${option.flag}` : `${flagFor(option)} ...`;
      print(`  ${option.flag.padEnd(12)} ${colors.cyan(shown)} ${colors.dim(`(change with ${change})`)}`);
    }
  }
  return { answers: answers as CreateAnswers, force: flags.force, reporter: plainReporter, prompted: false };
}

/** `ship_order=order-events` and `purge_expired_orders=rate(1 day)`, by use-case name. */
function triggersFrom(consumers: string[] = [], schedules: string[] = []): Invocation['triggers'] {
  const triggers: Invocation['triggers'] = new Map();
  const pairs = [
    ...consumers.map((value) => ['consumer', 'queue', value] as const),
    ...schedules.map((value) => ['schedule', 'cron', value] as const),
  ];
  for (const [trigger, field, value] of pairs) {
    const at = value.indexOf('=');
    if (at < 1) throw usageError(`--${trigger} "${value}" must be <use_case>=<${field === 'queue' ? 'queue' : 'expression'}>`);
    const name = normalizeUseCaseName(value.slice(0, at).trim());
    if (triggers.has(name)) throw usageError(`use case ${name} is given two triggers; a use case takes one besides its route`);
    triggers.set(name, { trigger, [field]: value.slice(at + 1).trim() });
  }
  return triggers;
}

function specFrom(answers: CreateAnswers, triggers: Invocation['triggers']): ServiceSpec {
  const names = answers.useCase.map(normalizeUseCaseName);
  const unknown = [...triggers.keys()].find((name) => !names.includes(name));
  if (unknown) throw usageError(`a trigger names ${unknown}, which is not among the use cases (${names.join(', ')})`);
  return {
    name: answers.name.trim(),
    description: answers.description.trim(),
    team: answers.team.trim(),
    entryPoints: answers.entry,
    adapters: answers.adapter,
    useCases: names.map((name) => (triggers.has(name) ? { name, ...triggers.get(name) } : name)),
  };
}

function printDryRun(dir: string, files: FileWrites, replaced: string[]): void {
  const replacedSet = new Set(replaced);
  let total = 0;
  for (const [path, content] of files) {
    const size = Buffer.byteLength(content);
    total += size;
    emit({ event: 'file', path, action: replacedSet.has(path) ? 'replace' : 'create', dryRun: true });
    if (!jsonEvents()) print(`  ${replacedSet.has(path) ? colors.yellow('REPLACE') : colors.green('CREATE ')} ${path} ${colors.dim(`(${formatBytes(size)})`)}`);
  }
  print(`${files.size} files, ${formatBytes(total)} in ${dir}; dry run, nothing written.`);
}

export async function runCreate(argv: string[]): Promise<number> {
  const cwd = process.cwd();
  const templates = await shippedTemplates();
  const catalog = catalogFrom(templates);
  const invocation = await toInvocation(argv, catalog, cwd);
  const { answers, force, reporter, prompted } = await resolveAnswers(invocation, catalog, cwd);
  const { flags } = invocation;
  const model = buildModel(invocation.fromSpec ?? specFrom(answers, invocation.triggers), catalog);
  const version = packageVersion();
  const files = withManifest(render(model, templates, version), model.spec, version);
  const dir = answers.dir;
  for (const leftover of scaffoldLeftovers(resolve(cwd, dir), flags.dryRun)) printWarning(describeLeftover(leftover, cwd));
  const report = inspectTarget(dir, files, { force, hint: npmHint('force', process.env) });

  if (flags.dryRun) {
    printDryRun(dir, files, report.replaced);
    return ExitCode.ok;
  }

  // Check the interpreter before writing anything: a project we cannot install is no surprise later.
  // The install and git code (and execa) load only when they are needed.
  const steps = answers.install ? await (await import('./install-step.js')).planInstall(flags.installer) : undefined;

  installSignalHandlers();
  writeProject(dir, files, report);
  // From here on the project is whole; an interruption only skips what follows.
  const written = noteOnInterrupt(`${dir} was written in full`);
  const target = resolve(cwd, dir);
  const replacedSet = new Set(report.replaced);
  for (const path of files.keys()) emit({ event: 'file', path, action: replacedSet.has(path) ? 'replace' : 'create', dryRun: false });
  reporter.done(`Wrote ${files.size} files to ${dir}`);
  for (const path of report.replaced) reporter.detail(`${colors.yellow('replaced')} ${path} (yours is kept as ${report.backups[path]})`);

  if (flags.git) await (await import('./install-step.js')).gitStep(target, reporter);
  if (steps) {
    const installed = await (await import('./install-step.js')).install(target, dir, steps, reporter);
    if (!installed) {
      written();
      return ExitCode.installFailed;
    }
  }
  written();
  // Flags cannot express a --from spec's use-case overrides; only prompted answers get the command.
  const again = prompted ? equivalentCommand(packageVersion(), answers, answerOptions, { catalog, answers, cwd }, { git: flags.git, force }) : undefined;
  reporter.closing(closingSummary(dir, model, Boolean(steps), again));
  return ExitCode.ok;
}
