#!/usr/bin/env node
import { CliError, ExitCode } from './src/errors.js';

/**
 * The bin. --help and --version answer before any prompt or template code is loaded;
 * every command is imported on demand.
 */
async function main(argv: string[]): Promise<number> {
  const words = argv.filter((arg) => arg !== '--');
  if (words.includes('--version') || words.includes('-v')) {
    const { packageVersion } = await import('./src/version.js');
    process.stdout.write(`${packageVersion()}\n`);
    return ExitCode.ok;
  }
  if ((words.includes('--help') || words.includes('-h')) && words[0] !== 'add' && words[0] !== 'check') {
    const [{ packageVersion }, { loadCatalog }, { templatesRoot }, { createHelp }] = await Promise.all([
      import('./src/version.js'),
      import('./src/core/catalog.js'),
      import('./src/render/load-templates.js'),
      import('./src/cli/help.js'),
    ]);
    process.stdout.write(createHelp(packageVersion(), loadCatalog(templatesRoot())));
    return ExitCode.ok;
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
    process.exitCode = code;
  },
  async (error: unknown) => {
    const { printError } = await import('./src/cli/output.js');
    if (error instanceof CliError) {
      printError(error.message);
      process.exitCode = error.exitCode;
    } else {
      printError(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = ExitCode.failure;
    }
  },
);
