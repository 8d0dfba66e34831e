import { type Options, execa } from 'execa';

/**
 * Runs a command as the leader of a process group of its own, and ends the whole group if we
 * exit first (a signal handler calling process.exit included): `python -m venv` starts
 * ensurepip, pip starts builds, and those grandchildren must not outlive an interrupted run.
 * A group of its own also keeps a Ctrl-C meant for us from reaching them before we decide.
 */
export function runInGroup<O extends Options>(command: string, args: readonly string[], options: O) {
  const child = execa(command, args, { ...options, detached: true });
  const endGroup = () => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // The group is already gone.
    }
  };
  process.on('exit', endGroup);
  const done = () => process.off('exit', endGroup);
  child.then(done, done);
  return child;
}
