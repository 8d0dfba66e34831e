#!/usr/bin/env node
import { readFileSync } from 'node:fs';

/** Defined by the bundler, like dist/help.txt: the bin only ever runs bundled. */
declare const __PACKAGE_VERSION__: string;

/**
 * The bin. --help and --version answer without loading any other module; each command is
 * imported on demand.
 */
async function main(argv: string[]): Promise<number | undefined> {
  const words = argv.filter((arg) => arg !== '--');
  if (words.includes('--version') || words.includes('-v')) {
    process.stdout.write(`${__PACKAGE_VERSION__}\n`);
    return undefined;
  }
  if ((words.includes('--help') || words.includes('-h')) && words[0] !== 'add' && words[0] !== 'check') {
    // Generated at build time from the option schema and the catalog (scripts/help.ts).
    process.stdout.write(readFileSync(new URL('./help.txt', import.meta.url), 'utf8'));
    return undefined;
  }
  // A folder named like a command can still be created as ./add or ./check.
  if (words[0] === 'add') {
    const { runAdd } = await import('./src/cli/add.js');
    return runAdd(words.slice(1));
  }
  if (words[0] === 'check') {
    const { runCheck } = await import('./src/cli/check.js');
    return runCheck(words.slice(1));
  }
  const { runCreate } = await import('./src/cli/create.js');
  return runCreate(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  async (error: unknown) => {
    const [{ printError }, { CliError, ExitCode }] = await Promise.all([import('./src/cli/output.js'), import('./src/errors.js')]);
    if (error instanceof CliError) {
      printError(error.message);
      process.exitCode = error.exitCode;
    } else {
      printError(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = ExitCode.failure;
    }
  },
);
