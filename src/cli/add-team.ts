import { relative } from 'node:path';
import type { UseCaseEntry } from '../core/spec.js';
import { ExitCode } from '../core/errors.js';
import { applyChanges } from '../fs/apply.js';
import { detectConventions } from '../grow/conventions.js';
import { planTeamAddUseCase } from '../grow/plan-team-add.js';
import { type Located, projectFiles } from '../grow/team-project.js';
import { shippedTemplates } from '../fs/templates.js';
import { packageVersion } from '../version.js';
import { colors, formatBytes, print } from './output.js';

function printWiring(lines: string[]): void {
  for (const line of lines) print(line.startsWith(' ') ? line : colors.yellow(line));
}

/** add use-case in a project the team made: its conventions, its ports; only new files and the metadata entry. */
export async function addToTeamProject(located: Exclude<Located, { kind: 'generated' }>, entry: UseCaseEntry, portMethod: string | undefined, dryRun: boolean): Promise<number> {
  const files = projectFiles(located.root);
  const conventions = located.kind === 'adopted' ? located.manifest.conventions : detectConventions(files);
  const plan = planTeamAddUseCase(
    files,
    { entry, portMethod, conventions, ...(located.kind === 'adopted' ? { manifest: located.manifest } : {}), version: packageVersion() },
    await shippedTemplates(),
  );
  const { added, port, method, folder } = plan;
  print(`${added.key}: ${colors.bold(added.kind)} (${added.reason}), ${added.http.method.toUpperCase()} ${added.http.path}`);
  if (plan.wiring.length > 0) print(`  a new port ${port.key} (${port.className} in ${port.file}) with an in-memory adapter`);
  print(`  calls ${port.key}.${method.method.name}(${method.method.params.map((p) => p.name).join(', ')}) of ${port.className} in ${port.file} (${method.reason}; --port-method to choose another)`);
  print(`  ${conventions.style} style in ${folder.name ? `use_cases/${folder.name}` : 'use_cases'} (${folder.reason})`);
  for (const [path, content] of plan.create) print(`  ${colors.green('CREATE')} ${path} ${colors.dim(`(${formatBytes(Buffer.byteLength(content))})`)}`);
  for (const path of plan.update.keys()) {
    print(`  ${colors.yellow('UPDATE')} ${path} ${colors.dim(path === conventions.metadata ? '(a pure addition)' : '(records the new files)')}`);
  }
  const where = relative(process.cwd(), located.root) || '.';
  if (dryRun) {
    print();
    print(plan.metadataDiff());
    printWiring(plan.wiring);
    print(`dry run in ${where}: nothing changed.`);
    return ExitCode.ok;
  }
  applyChanges(located.root, plan.create, plan.update);
  printWiring(plan.wiring);
  const test = [...plan.create.keys()].find((p) => p.endsWith(`test_${added.key}.py`));
  print(`${colors.green('✔')} Added use case ${added.key} in ${where}; run its test: python -m pytest ${test}`);
  return ExitCode.ok;
}
