import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { CliError, ExitCode } from '../core/errors.js';
import { venvExecutables } from './project.js';

/** The module of the generated project that builds its OpenAPI document (and prints it when run). */
export const OPENAPI_MODULE = 'src.infra.entry_points.openapi';

/**
 * The project's OpenAPI document as JSON text, built by the project's own code with its .venv
 * Python: the same builder its Flask and FastAPI apps serve from, so the export cannot differ
 * from what they answer. No server is started.
 */
export async function exportOpenApi(root: string): Promise<string> {
  const python = venvExecutables(root, 'python').find((path) => existsSync(path));
  if (python === undefined) {
    throw new CliError(`no .venv/bin/python in ${root}: install the project first (its README says how)`, ExitCode.failure);
  }
  const result = await execa(python, ['-m', OPENAPI_MODULE], { cwd: root, reject: false });
  if (result.exitCode !== 0) {
    const last = String(result.stderr).trim().split('\n').at(-1) || `exit ${result.exitCode}`;
    throw new CliError(`the OpenAPI document could not be built (python -m ${OPENAPI_MODULE}): ${last}`, ExitCode.failure);
  }
  const text = String(result.stdout);
  try {
    JSON.parse(text);
  } catch (error) {
    throw new CliError(`python -m ${OPENAPI_MODULE} printed something that is not JSON`, ExitCode.failure, { cause: error });
  }
  return text.endsWith('\n') ? text : `${text}\n`;
}
