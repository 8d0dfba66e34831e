import type { ServiceModel } from '../core/spec.js';
import type { RenderScope } from '../render/render.js';

/** Everything a model has but its use cases and ports: what every file may depend on. */
const shared = ({ spec: _spec, useCases: _useCases, ports: _ports, ...rest }: ServiceModel) => rest;

/** Deep equality of plain data (models are plain data): cheaper than comparing JSON texts. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/**
 * Pure: the files that can differ between two models' renderings. A file rendered per use case
 * (or port) depends on that use case (or port) and on what the model has besides its use cases
 * and ports (test/unit/change-scope.test.ts holds every template to it); a file rendered once
 * may depend on anything. So: every file rendered once, and those of the use cases and ports that
 * appear, go or differ; everything when anything else differs; nothing when nothing does.
 */
export function changeScope(before: ServiceModel, after: ServiceModel): RenderScope {
  if (!same(shared(before), shared(after))) return { file: () => true, useCase: () => true, port: () => true };
  const differing = <T extends { key: string }>(a: T[], b: T[]) => {
    const old = new Map(a.map((item) => [item.key, item]));
    const keys = new Set(b.filter((item) => !same(old.get(item.key), item)).map((item) => item.key));
    const now = new Set(b.map((item) => item.key));
    for (const key of old.keys()) if (!now.has(key)) keys.add(key);
    return keys;
  };
  const useCases = differing(before.useCases, after.useCases);
  const ports = differing(before.ports, after.ports);
  // Equal models render equal files: an upgrade with nothing to do renders none.
  const any = useCases.size > 0 || ports.size > 0;
  return { file: () => any, useCase: (key) => useCases.has(key), port: (key) => ports.has(key) };
}
