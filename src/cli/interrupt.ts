import { ExitCode } from '../core/errors.js';

/**
 * Ctrl-C and SIGTERM. Writing is synchronous, so a signal lands before the project is written
 * or after; the notes registered here say what state the run is in when it stops.
 */
const notes: string[] = [];
const cleanups: (() => void)[] = [];
let installed = false;

function onSignal(signal: NodeJS.Signals, code: number, word: string) {
  process.on(signal, () => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    process.stderr.write(`\n${word}${notes.length > 0 ? `: ${[...notes].reverse().join('; ')}` : ''}.\n`);
    process.exit(code);
  });
}

export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  onSignal('SIGINT', ExitCode.cancelled, 'Cancelled');
  onSignal('SIGTERM', ExitCode.terminated, 'Terminated');
}

function registered<T>(list: T[], item: T): () => void {
  list.push(item);
  return () => {
    const index = list.lastIndexOf(item);
    if (index >= 0) list.splice(index, 1);
  };
}

/** Says `note` if the run is interrupted before the returned function is called. */
export function noteOnInterrupt(note: string): () => void {
  return registered(notes, note);
}

/** Runs `cleanup` (e.g. closing a spinner's line) before the interruption is reported. */
export function beforeInterruptMessage(cleanup: () => void): () => void {
  return registered(cleanups, cleanup);
}
