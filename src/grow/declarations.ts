import type { ServiceModel } from '../core/spec.js';

/** What check reads of a use case in metadata.yml. */
export interface UseCaseDeclaration {
  triggers?: Array<{ type?: string; options?: Record<string, unknown> }>;
  external_interactions?: Array<{ keyname?: string; type_interaction?: string }>;
}

/**
 * Pure: what the metadata.yml this release renders for `model` declares, in the fields check
 * reads, without parsing it (a big service's file takes the YAML parser most of a second).
 * test/unit/declarations.test.ts holds it to the parsed rendering.
 */
export function declarationsOf(model: ServiceModel): Record<string, UseCaseDeclaration> {
  return Object.fromEntries(
    model.useCases.map((uc) => [
      uc.key,
      {
        triggers: [
          { type: 'http', options: { method: uc.http.method, path: uc.http.path, mapper: { ...uc.http.mapper } } },
          ...uc.consumers.map(() => ({ type: 'consumer' })),
          ...uc.schedules.map(() => ({ type: 'schedule' })),
        ],
        external_interactions: [
          { keyname: uc.port.key, type_interaction: 'database' },
          ...(uc.publishes ? [{ keyname: 'events', type_interaction: 'publisher' }] : []),
        ],
      },
    ]),
  );
}
