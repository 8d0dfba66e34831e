import { usageError } from '../core/errors.js';
import { type LayerKind, withLayer } from '../grow/spec-edits.js';
import { parseArgs } from './args.js';
import { DRY_RUN_FLAG, INSTALL_FLAGS } from './grow-flags.js';
import { isDomain } from '../grow/spec-change.js';
import { changeSpec } from './grow-run.js';
import { COMMON_FLAGS } from './help.js';

/** `add entry-point <id>` and `add adapter <id>`: the layer's files, wiring regenerated, the domain untouched. */
export async function runAddLayer(kind: LayerKind, argv: string[]): Promise<number> {
  const args = parseArgs(argv, [DRY_RUN_FLAG, ...INSTALL_FLAGS, ...COMMON_FLAGS]);
  if (args.positionals.length !== 1) throw usageError(`expected one ${kind} id, e.g. add ${kind} ${kind === 'adapter' ? 'mongo' : 'fastapi'}`);
  const id = args.positionals[0]!;
  return changeSpec(args, { edit: (spec, catalog) => withLayer(spec, kind, id, catalog), protects: isDomain, done: `Added the ${kind.replace('-', ' ')} ${id}` });
}
