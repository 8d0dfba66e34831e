import { CliError, ExitCode } from '../errors.js';
import { initRepository } from '../install/git.js';
import {
  INSTALL_LOG,
  InstallError,
  type Installer,
  MIN_PYTHON,
  VENV_PYTHON,
  findPython,
  hasCommand,
  installSteps,
  isSupported,
  runInstall,
  shellLine,
} from '../install/python.js';
import { noteOnInterrupt } from './interrupt.js';
import { colors, isInteractive, print } from './output.js';
import { shellQuote } from '../shell.js';

/** The install steps for this machine, or a failure before anything is written. */
export async function planInstall(preferred: Installer | undefined): Promise<string[][]> {
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
  return installSteps(await chooseInstaller(preferred), python);
}

export async function chooseInstaller(preferred: Installer | undefined): Promise<Installer> {
  const uvAvailable = await hasCommand('uv');
  if (preferred === 'uv' && !uvAvailable) {
    throw new CliError('--installer uv was given but uv is not on PATH; install uv or use --installer pip', ExitCode.failure);
  }
  return preferred ?? (uvAvailable ? 'uv' : 'pip');
}

export async function gitStep(target: string): Promise<void> {
  const messages = {
    committed: `${colors.green('✔')} Initialised git with a first commit`,
    'inside-repository': `${colors.dim('•')} Already inside a git repository: left it alone`,
    'git-missing': `${colors.yellow('!')} git is not installed: skipped the repository`,
  } as const;
  const outcome = await initRepository(target);
  print(typeof outcome === 'string' ? messages[outcome] : `${colors.yellow('!')} git init failed (${outcome.failed}): run it yourself`);
}

export async function install(target: string, dir: string, steps: string[][]): Promise<boolean> {
  const installer = steps[0]![0] === 'uv' ? 'uv' : 'pip';
  const started = Date.now();
  const spinner = isInteractive() ? (await import('@clack/prompts')).spinner() : undefined;
  const title = `Installing dependencies into .venv with ${installer}`;
  if (spinner) spinner.start(title);
  else print(`${colors.dim('…')} ${title}`);
  const retry = [`cd ${shellQuote(dir)}`, ...steps.map(shellLine)].join(' && ');
  // Interrupted, the project stays whole; only the environment is unfinished.
  const release = noteOnInterrupt(`the project in ${dir} is complete; finish the install with: ${retry}`);
  try {
    await runInstall(target, steps, (line) => spinner?.message(`${title}: ${line.slice(0, 60)}`));
  } catch (error) {
    release();
    if (!(error instanceof InstallError)) throw error;
    spinner?.error('Install failed');
    process.stderr.write(
      [
        `${colors.red('error')} install failed: ${error.message}; the project is kept`,
        ...error.logTail.map((line) => colors.dim(`  | ${line}`)),
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
