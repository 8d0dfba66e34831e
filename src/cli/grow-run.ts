import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Catalog, catalogFrom } from '../core/catalog.js';
import { basePath, hashContent } from '../core/manifest.js';
import type { ServiceSpec } from '../core/spec.js';
import { ExitCode, usageError } from '../core/errors.js';
import { applyMoves } from '../fs/remove.js';
import { unifiedDiff } from '../grow/diff.js';
import { pinDeclaredRoutes } from '../grow/pin-routes.js';
import { type ChangeAction, type ChangePlan, planChange } from '../grow/plan-change.js';
import { readProjectFiles } from '../grow/project-files.js';
import { findProjectRoot } from '../grow/project.js';
import { refuseNewer, refuseOlder } from '../grow/release.js';
import { type Installer, VENV_PYTHON, installIntoVenv } from '../install/python.js';
import { shippedTemplates } from '../fs/templates.js';
import { packageVersion } from '../version.js';
import type { ParsedArgs } from './args.js';
import { installSignalHandlers } from './interrupt.js';
import { colors, formatBytes, plainReporter, print } from './output.js';

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

/** New requirements reach .venv only when pyproject.toml changes and names one it did not. */
function needsInstall(plan: ChangePlan): boolean {
  const pyproject = plan.changes.find((c) => c.path === 'pyproject.toml');
  if (!pyproject || pyproject.after === undefined || pyproject.action === 'conflict') return false;
  const before = pyproject.before ?? '';
  return [...plan.model.dependencies, ...plan.model.devDependencies].some((req) => !before.includes(JSON.stringify(req)));
}

function printChanges(plan: ChangePlan, dryRun: boolean): void {
  for (const change of plan.changes) {
    const label = LABELS[change.action](change.action.toUpperCase().padEnd(8));
    const size = change.after === undefined ? '' : ` ${colors.dim(`(${formatBytes(Buffer.byteLength(change.after))})`)}`;
    print(`  ${label} ${change.path}${size}${change.note ? ` ${colors.dim(`(${change.note})`)}` : ''}`);
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
    return ExitCode.ok;
  }
  if (writes === 0) {
    print(`${colors.green('✔')} ${where} is up to date; nothing to change`);
    return reportConflicts(options.unsettled ?? []);
  }
  const install = options.install !== false && existsSync(join(root, VENV_PYTHON)) && needsInstall(plan);
  // The installer is chosen before writing: an unusable one changes nothing.
  const steps = install ? [installIntoVenv(await (await import('./install-step.js')).chooseInstaller(options.installer as Installer | undefined))] : [];

  installSignalHandlers();
  applyMoves(root, plan);
  print(`${colors.green('✔')} ${options.done} in ${where}`);
  for (const path of plan.backup) print(`  ${colors.yellow('moved')} ${path} to ${path}.orig`);
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

/** A line git or this tool writes to open a conflict. */
const CONFLICT_START = /^<{7} /m;

/** The files that must follow the spec even when changed by the user: they are merged, not kept. */
const FOLLOWS = new Set(['pyproject.toml', 'metadata.yml']);

/** Switching an entry point or an adapter never touches the domain. */
export const isDomain = (path: string): boolean => path.startsWith('src/domain/');

export interface SpecChange {
  /** The new spec; undefined re-renders the recorded one (upgrade). */
  edit?: (spec: ServiceSpec, catalog: Catalog) => ServiceSpec;
  protects?: (path: string) => boolean;
  prepare?: (path: string, text: string) => string;
  done: string;
}

/**
 * Reads the project, checks its release, plans the change and runs it. Growing needs a project
 * of this release; upgrading takes any older one and merges every changed file, finding the
 * bases a 0.1.0 project never stored in its git history.
 */
export async function changeSpec(args: ParsedArgs, change: SpecChange): Promise<number> {
  const installer = args.values.get('installer');
  if (installer !== undefined && installer !== 'uv' && installer !== 'pip') throw usageError(`--installer must be uv or pip (got "${String(installer)}")`);
  if (installer !== undefined && args.values.get('install') === false) throw usageError('--installer and --no-install contradict each other');
  const root = findProjectRoot(process.cwd());
  const project = readProjectFiles(root);
  const version = packageVersion();
  const upgrade = change.edit === undefined;
  (upgrade ? refuseNewer : refuseOlder)(project.manifest.version, version);
  const templates = await shippedTemplates();
  const catalog = catalogFrom(templates);
  const unstored = Object.entries(project.manifest.files).filter(([, hash]) => !project.storedBases.includes(basePath(hash)));
  const changed = unstored.filter(([path, hash]) => {
    const text = project.read(path);
    return text !== undefined && hashContent(text) !== hash;
  });
  if (upgrade && changed.length > 0) {
    project.recovered = await (await import('../grow/git-bases.js')).basesFromGit(root, Object.fromEntries(changed));
  }
  const plan = planChange(project, {
    spec: change.edit?.(project.manifest.spec, catalog) ?? pinDeclaredRoutes(project.manifest.spec, project.read('metadata.yml'), catalog),
    catalog,
    templates,
    version,
    merges: upgrade ? () => true : (path) => FOLLOWS.has(path),
    protects: change.protects,
    prepare: change.prepare,
    force: args.values.get('force') === true,
    strangerInTheWay: upgrade ? 'merge' : 'refuse',
  });
  const untouchedByPlan = (path: string) => !plan.changes.some((c) => c.path === path);
  const unsettled = upgrade
    ? Object.keys(project.manifest.files).filter((path) => untouchedByPlan(path) && CONFLICT_START.test(project.read(path) ?? ''))
    : [];
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
