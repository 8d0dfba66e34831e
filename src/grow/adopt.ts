import { TOOL_NAME } from '../core/manifest.js';
import { type AdoptedManifest, TEAM_OWNED } from './adopted-manifest.js';
import { type Conventions, type ProjectFiles, useCaseModulesIn } from './conventions.js';
import { teamPorts } from './team-ports.js';

/** The manifest `adopt` writes: the conventions as detected, every file there the team's. Pure. */
export function adoptedManifest(files: ProjectFiles, conventions: Conventions, version: string): AdoptedManifest {
  return {
    tool: TOOL_NAME,
    version,
    adopted: 'team',
    conventions,
    useCases: [],
    files: Object.fromEntries(files.paths.map((path) => [path, TEAM_OWNED])),
  };
}

/** What was detected, one line each, for `adopt --dry-run` and `adopt`. */
export function describeConventions(files: ProjectFiles, c: Conventions): string[] {
  const modules = useCaseModulesIn(files, c.useCasesDir);
  const useCases = modules.filter((m) => m.style !== undefined);
  const ports = teamPorts(files);
  return [
    `metadata        ${c.metadata}`,
    `use cases       ${useCases.length} in ${c.useCasesDir}, ${c.nested ? 'nested in folders' : 'flat'}; ${c.style === 'class' ? `BasicUseCase subclasses with use()${c.instance ? ' and an UPPER_SNAKE instance' : ''}` : '@use_case functions'}`,
    ...modules.filter((m) => m.style === undefined).map((m) => `                ${m.path} defines no use case (bisslog skips it)`),
    `bisslog_db as   ${c.dbName}`,
    `ports           ${ports.map((p) => `${p.key} (${p.className}, ${p.methods.length} methods, adapters: ${p.adapters.map((a) => a.tech ?? a.className).join(', ') || 'none'})`).join('; ') || 'none'}`,
    `new ports at    ${c.portFile}, adapters at ${c.adapterFile} (${c.memoryTech})`,
    `registration    ${c.registration ? `register_adapters(...) in ${c.registration}` : 'none found'}`,
    `dependencies    ${c.dependencies}`,
    `tests           ${c.tests}/test_<use case>.py`,
    `line length     ${c.lineLength}`,
    `metadata style  ${c.metadataStyle.quoted ? 'quoted' : 'plain'} strings, indented ${c.metadataStyle.indent}, list items at +${c.metadataStyle.sequenceIndent}`,
  ];
}
