import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { CliError, ExitCode, usageError } from '../core/errors.js';
import { exportOpenApi } from '../grow/export-openapi.js';
import { findProjectRoot } from '../grow/project.js';
import { parseArgs } from './args.js';
import { COMMON_FLAGS, type CommandSchema, flagsOf } from './help.js';
import { colors, print } from './output.js';

export const EXPORT_SCHEMA: CommandSchema = {
  name: 'export',
  head: `Usage: create-bisslog-service export openapi [--output FILE]

Writes the OpenAPI 3.1 document of the project in the current folder (or above): every route of
metadata.yml with the input each use case declares, its success and error answers. It is the
document the Flask and FastAPI apps serve at /openapi.json, built by the project's own code with
its .venv Python; no server is started. Prints it, or writes it to FILE.`,
  groups: [
    {
      title: 'Options',
      flags: [
        { flag: 'output', short: 'o', kind: 'string', valueName: 'FILE', description: 'Write the document to FILE instead of printing it' },
        ...COMMON_FLAGS,
      ],
    },
  ],
  tail: `Example: create-bisslog-service export openapi --output openapi.json

Exit codes: 0 written, 1 the document could not be built (no .venv, a broken declaration), 2 usage error.`,
};

const WHAT = ['openapi'];

export async function runExport(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs(argv, flagsOf(EXPORT_SCHEMA));
  if (positionals.length !== 1 || !WHAT.includes(positionals[0]!)) {
    throw usageError(`export takes what to export: ${WHAT.join(', ')} (got ${positionals.join(' ') || 'nothing'})`);
  }
  const output = values.get('output');
  if (output === '') throw usageError('--output needs a file name');
  const root = findProjectRoot(process.cwd());
  const document = await exportOpenApi(root);
  if (typeof output !== 'string') {
    process.stdout.write(document);
    return ExitCode.ok;
  }
  const target = resolve(process.cwd(), output);
  try {
    writeFileSync(target, document);
  } catch (error) {
    throw new CliError(`cannot write ${output}`, ExitCode.failure, { cause: error });
  }
  print(`${colors.green('✔')} wrote the OpenAPI document to ${relative(process.cwd(), target) || target}`);
  return ExitCode.ok;
}
