import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliError, ExitCode } from '../core/errors.js';
import { shellQuote } from '../shell.js';
import { failed, run } from './process.js';
import { VENV_PYTHON } from './venv.js';

export const MIN_PYTHON: readonly [number, number] = [3, 10];
export type Installer = 'uv' | 'pip';

export interface PythonInfo {
  /** How it was found on PATH, e.g. ['python3'] or ['py', '-3']. */
  argv: string[];
  /** Its absolute path, for tools that need one (uv). */
  executable: string;
  version: [number, number];
}

const isWindows = process.platform === 'win32';
export const INSTALL_LOG = join('.bisslog', 'install.log');

/** A Python on PATH that does not run or answers nonsense: named, not taken for a missing one. */
export class BrokenPython extends CliError {
  constructor(command: string, said: string) {
    super(`${command} on PATH does not work (${said}); repair it, put a working Python ${MIN_PYTHON.join('.')}+ first on PATH, or pass --no-install`, ExitCode.failure);
  }
}

async function probe(command: string, args: string[] = []): Promise<PythonInfo | BrokenPython | undefined> {
  const script = 'import sys; print(sys.version_info[0], sys.version_info[1], sys.executable)';
  const result = await run(command, [...args, '-c', script], { timeoutMs: 10_000 });
  if (result.spawnError === 'ENOENT') return undefined;
  const firstLine = (text: string) => text.trim().split('\n')[0]!.slice(0, 120);
  if (failed(result)) {
    const how = result.timedOut ? 'no answer in 10 s' : result.signal ? `killed by ${result.signal}` : `exit ${result.exitCode ?? result.spawnError}`;
    const said = firstLine(result.stderr) || firstLine(result.stdout);
    return new BrokenPython(command, said ? `${how}: ${said}` : how);
  }
  const [major, minor, ...path] = result.stdout.trim().split(' ');
  const version: [number, number] = [Number(major), Number(minor)];
  if (version.some(Number.isNaN)) return new BrokenPython(command, `it answered ${JSON.stringify(firstLine(result.stdout))} when asked its version`);
  return { argv: [command, ...args], executable: path.join(' ') || command, version };
}

/**
 * The first Python on PATH: python3, then python, then the Windows launcher. One that is on
 * PATH but broken is reported as such (a BrokenPython error) when no other one works.
 */
export async function findPython(): Promise<PythonInfo | undefined> {
  const candidates: Array<[string, string[]]> = [['python3', []], ['python', []], ...(isWindows ? [['py', ['-3']] as [string, string[]]] : [])];
  let broken: BrokenPython | undefined;
  for (const [command, args] of candidates) {
    const found = await probe(command, args);
    if (found instanceof BrokenPython) broken ??= found;
    else if (found) return found;
  }
  if (broken) throw broken;
  return undefined;
}

export function isSupported(python: PythonInfo): boolean {
  const [major, minor] = python.version;
  return major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]);
}

export async function hasCommand(command: string): Promise<boolean> {
  return !failed(await run(command, ['--version'], { timeoutMs: 10_000 }));
}

/** The command that installs the project with its dev extras into an existing .venv. */
export function installIntoVenv(installer: Installer): string[] {
  return installer === 'uv'
    ? ['uv', 'pip', 'install', '--python', VENV_PYTHON, '-e', '.[dev]']
    : [VENV_PYTHON, '-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', '-e', '.[dev]'];
}

/**
 * The commands that create .venv and install the project with its dev extras. `uv venv` picks
 * the interpreter as it does when typed by hand: from .python-version, the project's
 * requires-python and uv's own Pythons, and it checks it; pip gets the Python we probed.
 */
export function installSteps(how: { installer: 'uv' } | { installer: 'pip'; python: PythonInfo }): string[][] {
  const venv = how.installer === 'uv' ? ['uv', 'venv', '--quiet', '.venv'] : [...how.python.argv, '-m', 'venv', '.venv'];
  return [venv, installIntoVenv(how.installer)];
}

export function shellLine(argv: string[]): string {
  return argv.map(shellQuote).join(' ');
}

export class InstallError extends Error {
  constructor(
    message: string,
    readonly logTail: string[],
    /** The command that failed. */
    readonly argv: string[],
  ) {
    super(message);
  }
}

/**
 * Runs the install steps in `projectDir`, streaming every line to the log file and the last
 * one to `onLine` (for a spinner). No timeout: slow networks are not failures.
 */
export async function runInstall(projectDir: string, steps: string[][], onLine: (line: string) => void): Promise<void> {
  const logPath = join(projectDir, INSTALL_LOG);
  await mkdir(dirname(logPath), { recursive: true });
  const log = createWriteStream(logPath);
  const tail: string[] = [];
  try {
    for (const [command, ...args] of steps) {
      log.write(`$ ${shellLine([command!, ...args])}\n`);
      let partial = '';
      const onOutput = (chunk: string) => {
        log.write(chunk);
        const lines = (partial + chunk).split(/\r?\n/);
        partial = lines.pop() ?? '';
        for (const line of lines.filter((l) => l.trim() !== '')) {
          tail.push(line);
          if (tail.length > 8) tail.shift();
          onLine(line.trim());
        }
      };
      const result = await run(command!, args, { cwd: projectDir, group: true, onOutput });
      if (partial.trim() !== '') tail.push(partial);
      if (failed(result)) {
        const reason = result.spawnError === 'ENOENT' ? `${command} was not found` : `${command} exited with ${result.exitCode ?? result.signal ?? result.spawnError}`;
        throw new InstallError(reason, tail.slice(-6), [command!, ...args]);
      }
    }
  } finally {
    await new Promise<void>((done) => log.end(done));
  }
}
