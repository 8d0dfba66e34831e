import type { CheckLayout } from './check.js';
import { type Conventions, type ProjectFiles, useCaseModulesIn } from './conventions.js';
import { divisionsRead, registeredAdapters } from './python-source.js';
import { teamPorts } from './team-ports.js';

/**
 * check in a project the team made: its modules wherever they nest, in either style (a module
 * that defines no use case is not one, as bisslog skips it), its ports wherever they live.
 */
export function teamCheckLayout(files: ProjectFiles, conventions: Conventions): CheckLayout {
  const modules = useCaseModulesIn(files, conventions.useCasesDir).filter((m) => m.style !== undefined);
  const ports = teamPorts(files);
  return {
    metadata: conventions.metadata,
    modules: new Map(modules.map((m) => [m.key, m.path])),
    portProblems: (keys) =>
      keys.flatMap((key) => {
        const port = ports.find((p) => p.key === key);
        if (!port) return [`external interaction ${key} has no port: no Division subclass is registered or named ${key} (e.g. ${conventions.portFile.replaceAll('{port}', key)})`];
        if (port.adapters.length === 0) return [`port ${key} (${port.file}) has no adapter: no class extends ${port.className}`];
        if (conventions.registration && !port.registered) return [`port ${key} is never registered: no register_adapters(${key}=...) registers an adapter of ${port.className}`];
        return [];
      }),
  };
}

/**
 * What only a hand-made project can get wrong: two modules of one name (bisslog refuses to
 * start), and a division a use case reads that nothing registers (a blank adapter answers None).
 */
export function teamProblems(files: ProjectFiles, conventions: Conventions): string[] {
  const problems: string[] = [];
  const modules = useCaseModulesIn(files, conventions.useCasesDir);
  for (const module of modules) {
    const first = modules.find((m) => m.key === module.key);
    if (first && first !== module) problems.push(`modules ${first.path} and ${module.path} share the name ${module.key}: bisslog cannot tell them apart`);
  }
  if (!conventions.registration) return problems;
  const registered = new Set(files.paths.filter((p) => p.startsWith('src/') && p.endsWith('.py')).flatMap((p) => [...registeredAdapters(files.read(p) ?? '').keys()]));
  for (const module of modules.filter((m) => m.style !== undefined)) {
    for (const division of divisionsRead(files.read(module.path) ?? '', [conventions.dbName])) {
      if (!registered.has(division)) {
        problems.push(`use case ${module.key} reads ${conventions.dbName}.${division}, which no register_adapters(...) registers: bisslog answers it with a blank adapter that returns None`);
      }
    }
  }
  return problems;
}
