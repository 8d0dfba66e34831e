import { CliError, ExitCode, oneLine } from '../core/errors.js';

/**
 * The commands besides create, the default: the first word picks one. A folder named like a
 * command can still be created as ./add, ./check, ./export or ./adopt.
 */
const COMMANDS = {
  add: async (argv: string[]) => (await import('./add.js')).runAdd(argv),
  check: async (argv: string[]) => (await import('./check.js')).runCheck(argv),
  export: async (argv: string[]) => (await import('./export.js')).runExport(argv),
  adopt: async (argv: string[]) => (await import('./adopt.js')).runAdopt(argv),
  remove: async (argv: string[]) => (await import('./remove.js')).runRemove(argv),
  upgrade: async (argv: string[]) => (await import('./upgrade.js')).runUpgrade(argv),
};
export type Command = keyof typeof COMMANDS;

const isCommand = (word: string | undefined): word is Command => word !== undefined && Object.hasOwn(COMMANDS, word);

/**
 * --json, for any command: NDJSON events on stdout, closed by a summary with the exit code
 * (src/cli/output.ts). Set before any output module loads, so no colour reaches the events.
 */
async function jsonMode(argv: string[]): Promise<string[]> {
  if (!argv.includes('--json')) return argv;
  process.env.NO_COLOR = '1';
  const { emit, useJsonEvents } = await import('./output.js');
  useJsonEvents();
  process.on('exit', (code) => emit({ event: 'summary', exitCode: code }));
  return argv.filter((arg) => arg !== '--json');
}

async function dispatch(given: string[]): Promise<number> {
  const argv = await jsonMode(given);
  const words = argv.filter((arg) => arg !== '--');
  if (isCommand(words[0])) return COMMANDS[words[0]](words.slice(1));
  const { runCreate } = await import('./create.js');
  return runCreate(argv);
}

/** Runs one command line to its exit code; every error becomes one printed line and a code. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (error) {
    const { printError } = await import('./output.js');
    if (error instanceof CliError) {
      if (!error.reported) printError(oneLine(error));
      return error.exitCode;
    }
    printError(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return ExitCode.failure;
  }
}
