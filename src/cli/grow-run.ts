import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ExitCode, usageError } from '../core/errors.js';
import { applyMoves } from '../fs/remove.js';
import { unifiedDiff } from '../grow/diff.js';
import type { ChangeAction, ChangePlan } from '../grow/plan-change.js';
import { findProjectRoot } from '../grow/project.js';
import { type SpecChange, needsInstall, planSpecChange } from '../grow/spec-change.js';
import type { Installer } from '../install/python.js';
import { VENV_PYTHON } from '../install/venv.js';
import type { ParsedArgs } from './args.js';
import { installSignalHandlers } from './interrupt.js';
import { colors, emit, formatBytes, jsonEvents, plainReporter, print } from './output.js';

const LABELS: Record<ChangeAction, (text: string) => string> = {
  create: colors.green,
  update: colors.yellow,
  merge: colors.yellow,
  conflict: colors.red,
  delete: colors.red,
  backup: colors.red,
  keep: colors.cyan,
  gone: colors.dim,
};

export interface RunOptions {
  root: string;
  plan: ChangePlan;
  dryRun: boolean;
  /** --install / --no-install; undefined installs when the project has a .venv. */
  install?: boolean;
  installer?: string;
  /** Printed after a successful write, e.g. "Added the entry point fastapi". */
  done: string;
  /** Files still holding the markers of an earlier run's conflicts. */
  unsettled?: string[];
}

function printChanges(plan: ChangePlan, dryRun: boolean): void {
  for (const change of plan.changes) {
    const label = LABELS[change.action](change.action.toUpperCase().padEnd(8));
    const size = change.after === undefined ? '' : ` ${colors.dim(`(${formatBytes(Buffer.byteLength(change.after))})`)}`;
    emit({ event: 'file', path: change.path, action: change.action, dryRun, ...(change.note ? { message: change.note } : {}) });
    if (!jsonEvents()) print(`  ${label} ${change.path}${size}${change.note ? ` ${colors.dim(`(${change.note})`)}` : ''}`);
  }
  if (!dryRun) return;
  for (const change of plan.changes) {
    if (change.action === 'create' || change.before === undefined || change.after === undefined) continue;
    print();
    print(unifiedDiff(change.before, change.after, change.path));
  }
}

/**
 * Prints a plan, and unless --dry-run writes it in one step and installs new dependencies
 * into .venv with the create command's rules (exit 3 with the retry command on failure).
 * Conflicts are written with their markers and make the exit code 1.
 */
export async function runPlan(options: RunOptions): Promise<number> {
  const { root, plan } = options;
  const where = relative(process.cwd(), root) || '.';
  printChanges(plan, options.dryRun);
  const writes = plan.create.size + plan.update.size + plan.remove.length + plan.backup.length;
  if (options.dryRun) {
    print();
    print(`dry run in ${where}: nothing changed.`);
    // Markers left by an earlier run stay unsettled whatever this run would write: said as the run would say them.
    return reportConflicts(options.unsettled ?? []);
  }
  if (writes === 0) {
    print(`${colors.green('✔')} ${where} is up to date; nothing to change`);
    return reportConflicts(options.unsettled ?? []);
  }
  const install = options.install !== false && existsSync(join(root, VENV_PYTHON)) && needsInstall(plan);
  // The installer is chosen before writing: an unusable one changes nothing.
  // The process runner loads only for an install.
  const steps = install
    ? [(await import('../install/python.js')).installIntoVenv(await (await import('./install-step.js')).chooseInstaller(options.installer as Installer | undefined))]
    : [];

  installSignalHandlers();
  const backups = applyMoves(root, plan);
  print(`${colors.green('✔')} ${options.done} in ${where}`);
  for (const [path, backup] of backups) print(`  ${colors.yellow('moved')} ${path} to ${backup}`);
  const conflicts = plan.changes.filter((c) => c.action === 'conflict').map((c) => c.path);

  if (steps.length > 0 && !(await (await import('./install-step.js')).install(root, where, steps, plainReporter))) return ExitCode.installFailed;
  const code = reportConflicts([...new Set([...conflicts, ...(options.unsettled ?? [])])]);
  if (code === ExitCode.ok) print(`Run the tests: ${join('.venv', 'bin', 'pytest')}`);
  return code;
}

function reportConflicts(paths: string[]): number {
  if (paths.length === 0) return ExitCode.ok;
  process.stderr.write(`${colors.red('conflict')} settle the parts between <<<<<<< and >>>>>>> in: ${paths.join(', ')}; then run the tests\n`);
  return ExitCode.failure;
}

/** Validates the grow flags, plans the spec change and runs the plan. */
export async function changeSpec(args: ParsedArgs, change: SpecChange & { done: string }): Promise<number> {
  const installer = args.values.get('installer');
  if (installer !== undefined && installer !== 'uv' && installer !== 'pip') throw usageError(`--installer must be uv or pip (got "${String(installer)}")`);
  if (installer !== undefined && args.values.get('install') === false) throw usageError('--installer and --no-install contradict each other');
  const root = findProjectRoot(process.cwd());
  const { plan, unsettled } = await planSpecChange(root, change, args.values.get('force') === true);
  return runPlan({
    root,
    plan,
    unsettled,
    dryRun: args.values.get('dry-run') === true,
    install: args.values.get('install') as boolean | undefined,
    installer: installer as string | undefined,
    done: change.done,
  });
}
