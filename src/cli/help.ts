import type { Catalog } from '../core/catalog.js';
import { answerOptions, runOptions } from './create-options.js';

function optionLine(flags: string, description: string): string {
  return `  ${flags.padEnd(28)} ${description}`;
}

/** Help is generated from the same schema that parses the flags. */
export function createHelp(version: string, catalog: Catalog): string {
  const answerLines = answerOptions
    .filter((o) => o.key !== 'dir')
    .map((o) => {
      const flags = o.kind === 'boolean' ? `--${o.flag}, --no-${o.flag}` : `--${o.flag} ${o.valueName ?? ''}`;
      const choices = o.choices?.(catalog).map((c) => c.value).join(', ');
      return optionLine(flags, `${o.description}${choices ? ` (${choices})` : ''}`);
    });
  const runLines = runOptions.map((o) => {
    const name = o.kind === 'boolean' && o.flag === 'git' ? '--git, --no-git' : `--${o.flag}${o.valueName ? ` ${o.valueName}` : ''}`;
    return optionLine(o.short ? `-${o.short}, ${name}` : name, o.description);
  });
  return `create-bisslog-service ${version}
Scaffold a hexagonal Python microservice on bisslog, and grow it later.

Usage:
  npm create bisslog-service@latest [dir] -- [options]
  npx create-bisslog-service@latest [dir] [options]
  pnpm create bisslog-service [dir] [options]   (also yarn create, bun create)

Commands (inside a generated project):
  add use-case <name> [--port p] [--method m] [--path /x]   add a use case; see add --help
  check [--no-analyzer]                                     metadata.yml vs the code, for CI

Questions (each is a flag; without a terminal, pass them or --yes):
${answerLines.join('\n')}

Run options:
${runLines.join('\n')}

Entry points: ${catalog.entryPoints.map((e) => `${e.id} (${e.label})`).join(', ')}
Adapters:     ${catalog.adapters.map((a) => `${a.id} (${a.label})`).join(', ')}

Examples:
  npm create bisslog-service@latest orders -- --yes
  npx create-bisslog-service orders --entry flask,fastapi --use-case create_order,get_order --no-install

Exit codes: 0 ok, 1 failure, 2 usage or validation error, 3 install failed (project kept), 130 cancelled, 143 terminated.
`;
}
