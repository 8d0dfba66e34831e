import type { Catalog } from '../core/catalog.js';
import { type ServiceSpec, type UseCaseSpec, buildModel, useCaseName } from '../core/spec.js';
import { KINDS, type Kind, type UseCaseModel, useCaseModel } from '../core/use-cases.js';
import { parseMetadata } from './metadata-edit.js';

interface Declaration {
  type?: unknown;
  triggers?: Array<{ type?: unknown; options?: { method?: unknown; path?: unknown } } | null>;
  external_interactions?: Array<{ keyname?: unknown } | null>;
}

/** The kinds whose metadata `type` is `type`, in the order KINDS lists them. */
function kindsOfType(key: string, type: unknown): Kind[] {
  return KINDS.filter((kind) => {
    try {
      return useCaseModel(key, { kind }).metadataType === type;
    } catch {
      return false;
    }
  });
}

/**
 * Releases change what a use-case name means (0.1.0 made archive_order a DELETE on the order and
 * view_order a command; later releases make the first an action and the second a read). An
 * upgrade must not move a route under the service's clients, or make two use cases clash: every
 * use case is pinned to the kind, method, path and port metadata.yml declares for it, then each
 * pin that this release's reading of the name gives anyway is dropped, so specs stay short.
 * When the declarations cannot be rendered together, the spec is left as it was.
 */
export function pinDeclaredRoutes(spec: ServiceSpec, metadataText: string | undefined, catalog: Catalog): ServiceSpec {
  let declared: Record<string, Declaration | null>;
  try {
    declared = ((parseMetadata(metadataText ?? '').toJS() as { use_cases?: unknown }).use_cases ?? {}) as Record<string, Declaration | null>;
    if (typeof declared !== 'object' || declared === null) return spec;
  } catch {
    return spec;
  }
  // What this release reads each name as: kept when the declaration's type allows it (an action
  // and an update share a metadata type, so the type alone cannot tell them apart).
  let currentModels: UseCaseModel[] | undefined;
  try {
    currentModels = buildModel(spec, catalog).useCases;
  } catch {
    // The spec as recorded no longer builds: the declarations alone decide.
  }
  const pinOf = (entry: UseCaseSpec): UseCaseSpec => {
    const name = useCaseName(entry);
    const declaration = declared[name];
    const trigger = declaration?.triggers?.find((t) => (t?.type ?? 'http') === 'http')?.options;
    const keyname = declaration?.external_interactions?.[0]?.keyname;
    if (typeof trigger?.method !== 'string' || typeof trigger.path !== 'string' || typeof keyname !== 'string') return entry;
    const given = typeof entry === 'string' ? undefined : entry.kind;
    const kinds = kindsOfType(name, declaration?.type);
    const read = currentModels?.find((uc) => uc.key === name)?.kind;
    const kind = (given as Kind | undefined) ?? (read !== undefined && kinds.includes(read) ? read : kinds[0]);
    return { name, ...(kind ? { kind } : {}), method: trigger.method.toLowerCase(), path: trigger.path, port: keyname };
  };
  let pinned: ServiceSpec;
  try {
    pinned = buildModel({ ...spec, useCases: spec.useCases.map(pinOf) }, catalog).spec;
  } catch {
    return spec;
  }
  const meaning = (uc: UseCaseModel) => JSON.stringify([uc.kind, uc.http.method, uc.http.path, uc.port.key]);
  const wantedAll = buildModel(pinned, catalog).useCases.map(meaning);
  // This release reads every name as declared (a project it made): nothing to pin.
  if (currentModels?.every((uc, index) => meaning(uc) === wantedAll[index])) return spec;
  for (let index = 0; index < spec.useCases.length; index++) {
    const wanted = wantedAll[index]!;
    const candidate = { ...pinned, useCases: pinned.useCases.map((entry, i) => (i === index ? spec.useCases[index]! : entry)) };
    try {
      const model = buildModel(candidate, catalog);
      if (meaning(model.useCases[index]!) === wanted) pinned = model.spec;
    } catch {
      // Without its pin this use case would clash or mean something else: the pin stays.
    }
  }
  return pinned;
}
