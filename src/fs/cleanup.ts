import { ExitCode } from '../errors.js';

/**
 * Undo steps for work in progress. On SIGINT/SIGTERM they run synchronously, newest first,
 * before the process exits, so an interrupted run leaves nothing half-written.
 */
type Undo = () => void;

const pending: Undo[] = [];
let installed = false;

function runPending(): void {
  while (pending.length > 0) {
    const undo = pending.pop()!;
    try {
      undo();
    } catch {
      // Keep undoing the rest; one failed step must not strand the others.
    }
  }
}

function onSignal(signal: NodeJS.Signals, code: number, message: string) {
  process.on(signal, () => {
    runPending();
    process.stderr.write(`\n${message}\n`);
    process.exit(code);
  });
}

export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  onSignal('SIGINT', ExitCode.cancelled, 'Cancelled: nothing was left half-written.');
  onSignal('SIGTERM', ExitCode.terminated, 'Terminated: nothing was left half-written.');
}

/** Registers an undo step; call the returned function once the work is committed. */
export function guard(undo: Undo): () => void {
  pending.push(undo);
  return () => {
    const index = pending.lastIndexOf(undo);
    if (index >= 0) pending.splice(index, 1);
  };
}

/** Runs the undo step now (failure path) and forgets it. */
export function rollback(undo: Undo): void {
  const index = pending.lastIndexOf(undo);
  if (index >= 0) pending.splice(index, 1);
  undo();
}
