import { join } from 'node:path';
import { CliError, ExitCode } from '../core/errors.js';
import { readFileOrUndefined } from '../grow/project.js';
import { initRepository } from '../install/git.js';
import {
  INSTALL_LOG,
  InstallError,
  type Installer,
  MIN_PYTHON,
  type PythonInfo,
  findPython,
  hasCommand,
  installSteps,
  isSupported,
  runInstall,
  shellLine,
} from '../install/python.js';
import { VENV_PYTHON } from '../install/venv.js';
import { noteOnInterrupt } from './interrupt.js';
import { colors, isInteractive, print, type Reporter } from './output.js';
import { startSpinner } from './spinner.js';
import { shellQuote } from '../shell.js';

/**
 * The install steps for this machine, or a failure before anything is written. With uv, no
 * probe of ours: `uv venv` finds and checks the interpreter itself (a version manager's shim
 * made our probe a tenth of the whole install), and its failure to find one is explained.
 */
export async function planInstall(preferred: Installer | undefined): Promise<string[][]> {
  const installer = await chooseInstaller(preferred);
  return installer === 'uv' ? installSteps({ installer }) : installSteps({ installer, python: await supportedPython() });
}

async function supportedPython(): Promise<PythonInfo> {
  const python = await findPython();
  if (!python) {
    throw new CliError(`python3 was not found on PATH; install Python ${MIN_PYTHON.join('.')}+ or pass --no-install`, ExitCode.failure);
  }
  if (!isSupported(python)) {
    throw new CliError(
      `${python.argv.join(' ')} is Python ${python.version.join('.')}; the service needs ${MIN_PYTHON.join('.')}+ (or pass --no-install)`,
      ExitCode.failure,
    );
  }
  return python;
}

export async function chooseInstaller(preferred: Installer | undefined): Promise<Installer> {
  if (preferred === 'pip') return 'pip';
  const uvAvailable = await hasCommand('uv');
  if (preferred === 'uv' && !uvAvailable) {
    throw new CliError('--installer uv was given but uv is not on PATH; install uv or use --installer pip', ExitCode.failure);
  }
  return preferred ?? (uvAvailable ? 'uv' : 'pip');
}

export async function gitStep(target: string, reporter: Reporter): Promise<void> {
  const outcome = await initRepository(target);
  if (outcome === 'committed') reporter.done('Initialised git with a first commit');
  else if (outcome === 'inside-repository') reporter.info('Already inside a git repository: left it alone');
  else if (outcome === 'git-missing') reporter.warn('git is not installed: skipped the repository');
  else reporter.warn(`git init failed (${outcome.failed}): run it yourself`);
}

const MAX_SHOWN = 12;

/**
 * The lines of a failed step that say why: pip's `ERROR:` lines, or uv's error block (from
 * `error:` or `×` to the end). Without either, the step's last lines. Reads the output of the
 * last step in the log, the one that failed.
 */
export function linesThatMatter(log: string): string[] {
  const steps = log.split(/^\$ .*$/m);
  const lines = (steps[steps.length - 1] ?? '').split(/\r?\n/).filter((line) => line.trim() !== '');
  const cut = (line: string) => (line.length > 300 ? `${line.slice(0, 297)}...` : line);
  const pip = lines.filter((line) => line.startsWith('ERROR:'));
  if (pip.length > 0) return pip.slice(0, MAX_SHOWN).map(cut);
  const uv = lines.findIndex((line) => /^\s*(error:|\u00d7)/.test(line));
  if (uv >= 0) return lines.slice(uv, uv + MAX_SHOWN).map(cut);
  return lines.slice(-6).map(cut);
}

const uvFoundNoPython = (error: InstallError, log: string | undefined) =>
  error.argv[0] === 'uv' && error.argv[1] === 'venv' && /No interpreter found/i.test(log ?? error.logTail.join('\n'));

/** uv found no interpreter for the project: what the python3 on PATH is, as pip's check would say. */
async function noPythonForUv(): Promise<string> {
  const needed = `Python ${MIN_PYTHON.join('.')}+`;
  const python = await findPython().catch(() => 'broken' as const);
  const found =
    python === undefined
      ? 'python3 was not found on PATH'
      : python === 'broken'
        ? 'python3 on PATH does not work'
        : `${python.argv.join(' ')} is Python ${python.version.join('.')}`;
  return `uv found no ${needed} (${found}); install ${needed}, or let uv fetch one with \`uv python install\`, and retry`;
}

export async function install(target: string, dir: string, steps: string[][], reporter: Reporter): Promise<boolean> {
  const installer = steps[0]![0] === 'uv' ? 'uv' : 'pip';
  const started = Date.now();
  const title = `Installing dependencies into .venv with ${installer}`;
  const spinner = isInteractive() ? startSpinner(title, reporter.framed) : undefined;
  if (!spinner) print(`${colors.dim('…')} ${title}`);
  const retry = [`cd ${shellQuote(dir)}`, ...steps.map(shellLine)].join(' && ');
  // Interrupted, the project stays whole; only the environment is unfinished.
  const release = noteOnInterrupt(`the project in ${dir} is complete; finish the install with: ${retry}`);
  try {
    await runInstall(target, steps, (line) => spinner?.message(line));
  } catch (error) {
    release();
    if (!(error instanceof InstallError)) throw error;
    const log = readFileOrUndefined(join(target, INSTALL_LOG));
    const reason = uvFoundNoPython(error, log) ? await noPythonForUv() : error.message;
    spinner?.error(`Install failed: ${reason}`);
    const shown = log === undefined ? error.logTail : linesThatMatter(log);
    process.stderr.write(
      [
        `${colors.red('error')} install failed: ${reason}; the project is kept`,
        ...shown.map((line) => `  | ${line}`),
        `  full log: ${INSTALL_LOG} in the project`,
        `  retry:    ${retry}`,
        '',
      ].join('\n'),
    );
    return false;
  }
  release();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const done = `Installed dependencies with ${installer} in ${seconds}s (${VENV_PYTHON})`;
  if (spinner) spinner.stop(done);
  else print(`${colors.green('✔')} ${done}`);
  return true;
}
