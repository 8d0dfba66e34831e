import { type Catalog, includedAdapters } from '../core/catalog.js';
import { normalizeUseCaseName } from '../core/use-cases.js';
import { type ServiceSpec, useCaseName } from '../core/spec.js';
import { usageError } from '../core/errors.js';

/** Entry points and adapters, the two kinds of catalog layer a project can switch. */
export type LayerKind = 'entry-point' | 'adapter';
export const LAYER_KINDS: readonly LayerKind[] = ['entry-point', 'adapter'];

const field = (kind: LayerKind) => (kind === 'entry-point' ? 'entryPoints' : 'adapters');
const available = (kind: LayerKind, catalog: Catalog) => (kind === 'entry-point' ? catalog.entryPoints : catalog.adapters);

function known(kind: LayerKind, id: string, catalog: Catalog): void {
  const ids = available(kind, catalog).map((e) => e.id);
  if (!ids.includes(id)) throw usageError(`unknown ${kind} "${id}"; choose from ${ids.join(', ')}`);
}

/** The spec with one more entry point or adapter; pure. */
export function withLayer(spec: ServiceSpec, kind: LayerKind, id: string, catalog: Catalog): ServiceSpec {
  known(kind, id, catalog);
  const current = spec[field(kind)];
  if (current.includes(id) || (kind === 'adapter' && includedAdapters(catalog).includes(id))) {
    throw usageError(`the project already has the ${kind} ${id}`);
  }
  return { ...spec, [field(kind)]: [...current, id] };
}

/** The spec without an entry point or adapter; the last entry point and the in-memory adapter stay. */
export function withoutLayer(spec: ServiceSpec, kind: LayerKind, id: string, catalog: Catalog): ServiceSpec {
  known(kind, id, catalog);
  if (kind === 'adapter' && includedAdapters(catalog).includes(id)) {
    throw usageError(`the ${id} adapter is always included: the tests and local runs use it`);
  }
  const current = spec[field(kind)];
  if (!current.includes(id)) throw usageError(`the project has no ${kind} ${id} (it has ${current.join(', ') || 'none'})`);
  const rest = current.filter((other) => other !== id);
  if (kind === 'entry-point' && rest.length === 0) {
    const other = available(kind, catalog).find((e) => e.id !== id);
    throw usageError(`${id} is the only entry point; add another first${other ? ` (add entry-point ${other.id})` : ''}`);
  }
  return { ...spec, [field(kind)]: rest };
}

/** The spec without one use case; the last one stays. */
export function withoutUseCase(spec: ServiceSpec, name: string): ServiceSpec {
  const key = normalizeUseCaseName(name);
  const rest = spec.useCases.filter((entry) => useCaseName(entry) !== key);
  if (rest.length === spec.useCases.length) {
    throw usageError(`the project has no use case ${key} (it has ${spec.useCases.map(useCaseName).join(', ')})`);
  }
  if (rest.length === 0) throw usageError(`${key} is the only use case; add another first`);
  return { ...spec, useCases: rest };
}
