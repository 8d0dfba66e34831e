import { toSnakeCase } from '../core/names.js';
import type { ProjectFiles } from './conventions.js';
import { type PyMethod, classesIn, registeredAdapters } from './python-source.js';

/** A port the team wrote: a `Division` subclass, its methods and the adapters that extend it. */
export interface TeamPort {
  /** The name use cases reach it by (`db.<key>`): as registered, else from the file name. */
  key: string;
  className: string;
  file: string;
  /** Dotted module path for imports, e.g. `src.infra.database.stores_division`. */
  module: string;
  methods: PyMethod[];
  adapters: Array<{ className: string; file: string; tech?: string }>;
  /** Registered with `register_adapters(<key>=...)` somewhere under src/. */
  registered: boolean;
}

const stemOf = (path: string) => path.slice(path.lastIndexOf('/') + 1, -'.py'.length);
export const moduleOf = (path: string) => path.slice(0, -'.py'.length).split('/').join('.');

function techOf(file: string): string | undefined {
  return file.match(/\/(?:implementations|impls|adapters)\/(\w+)\//)?.[1];
}

/** Every port under src/ (use cases excluded), in path order. */
export function teamPorts(files: ProjectFiles): TeamPort[] {
  const sources = files.paths
    .filter((p) => p.startsWith('src/') && p.endsWith('.py') && !p.startsWith('src/domain/use_cases/'))
    .sort()
    .map((path) => ({ path, source: files.read(path) ?? '' }));
  const classes = sources.flatMap(({ path, source }) => (source.includes('class ') ? classesIn(source).map((c) => ({ ...c, path })) : []));
  const registered = new Map<string, string>();
  for (const { source } of sources) {
    for (const [key, adapter] of registeredAdapters(source)) registered.set(adapter, key);
  }
  const portClasses = classes.filter((c) => c.bases.includes('Division'));
  const portNames = new Set(portClasses.map((c) => c.name));
  return portClasses
    .filter((c) => !c.bases.some((b) => portNames.has(b) && b !== c.name))
    .map((port) => {
      const adapters = classes.filter((c) => c.bases.includes(port.name)).map((c) => ({ className: c.name, file: c.path, ...(techOf(c.path) ? { tech: techOf(c.path) } : {}) }));
      const registeredAs = adapters.map((a) => registered.get(a.className)).find((k) => k !== undefined);
      const stem = stemOf(port.path);
      const fromFile = stem.replace(/_division$/, '');
      const key = registeredAs ?? (fromFile === '' || fromFile === 'division' ? toSnakeCase(port.name.replace(/Division$/, '')) : fromFile);
      return {
        key,
        className: port.name,
        file: port.path,
        module: moduleOf(port.path),
        methods: port.methods.filter((m) => !m.name.startsWith('_')),
        adapters,
        registered: registeredAs !== undefined,
      };
    });
}
