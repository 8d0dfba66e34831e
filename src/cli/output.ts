import pc from 'picocolors';
import type { Closing } from './summary.js';

/**
 * Colour only for a terminal that wants it: NO_COLOR wins, FORCE_COLOR forces, otherwise
 * stdout must be a TTY. (picocolors alone turns colour on whenever CI is set.)
 */
export function colorEnabled(env: NodeJS.ProcessEnv = process.env, isTTY = Boolean(process.stdout.isTTY)): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY && env.TERM !== 'dumb';
}

export const colors = pc.createColors(colorEnabled());

// A closed or full stdout (`| head`, `| true`, >/dev/full) loses the messages, not the run: the
// git and install steps after the write still happen.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

/**
 * `--json`: stdout carries NDJSON events and nothing else, one object a line (`event`, and
 * `path`, `action`, `message` as they apply; the bin closes with a `summary`); nothing asks.
 */
export type OutputEvent = { event: string; path?: string; action?: string; message?: string; [field: string]: unknown };
let eventsOnly = false;
export function useJsonEvents(): void {
  eventsOnly = true;
}
/** Writes the event in --json mode; a human reads the lines printed beside it otherwise. */
export const jsonEvents = () => eventsOnly;
export function emit(event: OutputEvent): void {
  if (eventsOnly) process.stdout.write(`${JSON.stringify(event)}\n`);
}

export const print = (line = '') => {
  if (!eventsOnly) process.stdout.write(`${line}\n`);
  else if (line.trim() !== '') emit({ event: 'message', message: line });
};
export const printError = (line: string) =>
  eventsOnly ? emit({ event: 'error', message: line }) : process.stderr.write(`${colors.red('error')} ${line}\n`);
export const printWarning = (line: string) =>
  eventsOnly ? emit({ event: 'warning', message: line }) : process.stderr.write(`${colors.yellow('warning')} ${line}\n`);

/** Interactive only when a person can answer: both ends are terminals, CI is not set, no --json. */
export function isInteractive(env: NodeJS.ProcessEnv = process.env): boolean {
  if (eventsOnly) return false;
  const ci = env.CI;
  const inCI = ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !inCI;
}

export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

/** Where the steps of a run report: plain lines, or inside the prompts' frame after prompting. */
export interface Reporter {
  /** Lines go inside the prompts' frame (`│` down the left). */
  framed: boolean;
  done(line: string): void;
  info(line: string): void;
  warn(line: string): void;
  /** Indented detail under the last step. */
  detail(line: string): void;
  closing(closing: Closing): void;
}

export const plainReporter: Reporter = {
  framed: false,
  done: (line) => print(`${colors.green('✔')} ${line}`),
  info: (line) => print(`${colors.dim('•')} ${line}`),
  warn: (line) => print(`${colors.yellow('!')} ${line}`),
  detail: (line) => print(`  ${line}`),
  closing: ({ made, run, again }) => {
    const sections = again ? [made, run, { title: again.title, lines: [again.words.join(' ')] }] : [made, run];
    for (const section of sections) {
      print();
      print(colors.bold(`${section.title}:`));
      for (const line of section.lines) print(`  ${line}`);
    }
  },
};
