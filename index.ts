#!/usr/bin/env node
import { readFileSync } from 'node:fs';

/** Defined by the bundler, like dist/help.json: the bin only ever runs bundled. */
declare const __PACKAGE_VERSION__: string;

/**
 * The commands besides create, the default: the first word picks one. A folder named like a
 * command can still be created as ./add, ./check, ./export or ./adopt.
 */
const COMMANDS = {
  add: async (argv: string[]) => (await import('./src/cli/add.js')).runAdd(argv),
  check: async (argv: string[]) => (await import('./src/cli/check.js')).runCheck(argv),
  export: async (argv: string[]) => (await import('./src/cli/export.js')).runExport(argv),
  adopt: async (argv: string[]) => (await import('./src/cli/adopt.js')).runAdopt(argv),
  remove: async (argv: string[]) => (await import('./src/cli/remove.js')).runRemove(argv),
  upgrade: async (argv: string[]) => (await import('./src/cli/upgrade.js')).runUpgrade(argv),
};
type Command = keyof typeof COMMANDS;

/** Per command, its help and the words that take the next word as their value (src/cli/help.ts). */
type Baked = Record<Command | 'create', { help: string; takesValue: string[] }>;

const isCommand = (word: string | undefined): word is Command => word !== undefined && Object.hasOwn(COMMANDS, word);
const nameOf = (word: string) => word.split('=', 1)[0]!;
const ASKS = ['-h', '--help', '-v', '--version'];

/**
 * --help or --version, when one is a flag of its own on the line and not the value of the flag
 * before it (`--description -v` is not --version; the command's parser reports the missing
 * value, by the same rule as isFlagWord in src/cli/args.ts). Reads dist/help.json only when
 * one of them is on the line.
 */
function earlyAnswer(command: Command | 'create', words: string[]): string | undefined {
  if (!words.some((word) => ASKS.includes(nameOf(word)))) return undefined;
  const { help, takesValue } = (JSON.parse(readFileSync(new URL('./help.json', import.meta.url), 'utf8')) as Baked)[command];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (nameOf(word) === '-h' || nameOf(word) === '--help') return help;
    if (nameOf(word) === '-v' || nameOf(word) === '--version') return `${__PACKAGE_VERSION__}\n`;
    if (takesValue.includes(word)) {
      const value = words[i + 1];
      if (value === undefined || (value.startsWith('-') && value !== '-')) return undefined;
      i += 1;
    }
  }
  return undefined;
}

/**
 * --json, for any command: NDJSON events on stdout, closed by a summary with the exit code
 * (src/cli/output.ts). Set before any output module loads, so no colour reaches the events.
 */
async function jsonMode(argv: string[]): Promise<string[]> {
  if (!argv.includes('--json')) return argv;
  process.env.NO_COLOR = '1';
  const { emit, useJsonEvents } = await import('./src/cli/output.js');
  useJsonEvents();
  process.on('exit', (code) => emit({ event: 'summary', exitCode: code }));
  return argv.filter((arg) => arg !== '--json');
}

/** Each command is imported on demand; --help and --version load no other module. */
async function main(given: string[]): Promise<number | undefined> {
  const argv = await jsonMode(given);
  const words = argv.filter((arg) => arg !== '--');
  const command = isCommand(words[0]) ? words[0] : undefined;
  const answer = earlyAnswer(command ?? 'create', command ? words.slice(1) : words);
  if (answer !== undefined) {
    process.stdout.write(answer);
    return undefined;
  }
  if (command) return COMMANDS[command](words.slice(1));
  const { runCreate } = await import('./src/cli/create.js');
  return runCreate(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  async (error: unknown) => {
    const [{ printError }, { CliError, ExitCode, oneLine }] = await Promise.all([import('./src/cli/output.js'), import('./src/core/errors.js')]);
    if (error instanceof CliError) {
      if (!error.reported) printError(oneLine(error));
      process.exitCode = error.exitCode;
    } else {
      printError(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = ExitCode.failure;
    }
  },
);
