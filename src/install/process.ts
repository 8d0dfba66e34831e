import { type ChildProcess, spawn } from 'node:child_process';

/** How a command ended. `spawnError` is set when it never started (ENOENT: not on PATH). */
export interface Ran {
  exitCode?: number;
  signal?: NodeJS.Signals;
  spawnError?: string;
  timedOut: boolean;
  /** What it printed, unless `onOutput` took it. */
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** SIGTERM after this long, and the result says timedOut. */
  timeoutMs?: number;
  /**
   * Run as the leader of a process group of its own, and end the whole group if we exit first
   * (a signal handler calling process.exit included): `python -m venv` starts ensurepip, pip
   * starts builds, and those grandchildren must not outlive an interrupted run. A group of its
   * own also keeps a Ctrl-C meant for us from reaching them before we decide.
   */
  group?: boolean;
  /** Receives stdout and stderr as they come, interleaved, instead of collecting them. */
  onOutput?: (chunk: string) => void;
}

export const failed = (ran: Ran): boolean => ran.exitCode !== 0;

/** Ends the child (its group, if it leads one) should we exit before it does. */
function endOnExit(child: ChildProcess, group: boolean): () => void {
  const end = () => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      if (group) process.kill(-child.pid, 'SIGTERM');
      else child.kill('SIGTERM');
    } catch {
      // Already gone.
    }
  };
  process.on('exit', end);
  return () => process.off('exit', end);
}

/**
 * Runs a command with stdin closed and never throws: the result says how it ended. Built on
 * node:child_process, not execa: the install path is timed against the bare installer
 * commands, and loading execa cost more than this does (README, deviations).
 */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: options.group === true });
    const release = endOnExit(child, options.group === true);
    const ran: Ran = { timedOut: false, stdout: '', stderr: '' };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            ran.timedOut = true;
            child.kill('SIGTERM');
          }, options.timeoutMs);
    for (const [stream, key] of [[child.stdout, 'stdout'], [child.stderr, 'stderr']] as const) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        if (options.onOutput) options.onOutput(chunk);
        else ran[key] += chunk;
      });
    }
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      release();
      resolve(ran);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return; // a failed kill; 'close' still comes
      ran.spawnError = error.code ?? error.message;
      settle();
    });
    child.on('close', (code, signal) => {
      if (code !== null) ran.exitCode = code;
      if (signal !== null) ran.signal = signal;
      settle();
    });
  });
}
