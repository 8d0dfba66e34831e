import { ExitCode } from '../errors.js';

/**
 * Ctrl-C and SIGTERM. Writing is synchronous, so a signal lands before the project is written
 * or after; the notes registered here say what state the run is in when it stops.
 */
const notes: string[] = [];
let installed = false;

function onSignal(signal: NodeJS.Signals, code: number, word: string) {
  process.on(signal, () => {
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

/** Says `note` if the run is interrupted before the returned function is called. */
export function noteOnInterrupt(note: string): () => void {
  notes.push(note);
  return () => {
    const index = notes.lastIndexOf(note);
    if (index >= 0) notes.splice(index, 1);
  };
}
