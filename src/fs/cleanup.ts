import { ExitCode } from '../errors.js';

/**
 * Undo steps for work in progress. On SIGINT/SIGTERM they run synchronously, newest first,
 * and their notes are printed before the process exits, so an interrupted run leaves nothing
 * half-written and says what state it left.
 */
type Undo = () => void;

interface Step {
  undo: Undo;
  /** What the user should know when a signal interrupts this step. */
  note: string;
}

const pending: Step[] = [];
let installed = false;

function onSignal(signal: NodeJS.Signals, code: number, word: string) {
  process.on(signal, () => {
    const notes: string[] = [];
    while (pending.length > 0) {
      const step = pending.pop()!;
      try {
        step.undo();
      } catch {
        // Keep undoing the rest; one failed step must not strand the others.
      }
      if (step.note) notes.push(step.note);
    }
    process.stderr.write(`\n${word}${notes.length > 0 ? `: ${notes.join('; ')}` : ''}.\n`);
    process.exit(code);
  });
}

export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  onSignal('SIGINT', ExitCode.cancelled, 'Cancelled');
  onSignal('SIGTERM', ExitCode.terminated, 'Terminated');
}

/** Registers an undo step; call the returned function once the work is committed. */
export function guard(undo: Undo, note = ''): () => void {
  const step = { undo, note };
  pending.push(step);
  return () => {
    const index = pending.lastIndexOf(step);
    if (index >= 0) pending.splice(index, 1);
  };
}

/** Runs the undo step now (failure path) and forgets it. */
export function rollback(undo: Undo): void {
  const index = pending.findIndex((step) => step.undo === undo);
  if (index >= 0) pending.splice(index, 1);
  undo();
}
