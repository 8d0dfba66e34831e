import { join } from 'node:path';
import { catalogFrom } from '../../src/core/catalog.js';
import { type ServiceSpec, buildModel } from '../../src/core/spec.js';
import { packageRoot } from '../../src/fs/package-root.js';
import { loadTemplates } from '../../src/fs/template-files.js';
import type { FileContent, FileMap, FileWrites } from '../../src/core/files.js';
import { render } from '../../src/render/render.js';
import { packageVersion } from '../../src/version.js';

/** The repository's own templates and catalog, for tests that render real projects. */
export const templates = loadTemplates(join(packageRoot(), 'templates'));
export const catalog = catalogFrom(templates);
export const VERSION = packageVersion();

export function specWith(base: ServiceSpec, overrides: Partial<ServiceSpec> = {}): ServiceSpec {
  return { ...base, ...overrides };
}

/** A file's content as text (the bases pack is written as bytes). */
export const textOf = (content: FileContent): string => (typeof content === 'string' ? content : Buffer.from(content).toString('utf8'));

/** Files to write, each as text: a project as the tests read it. */
export const asTexts = (files: FileWrites): FileMap => new Map([...files].map(([path, content]) => [path, textOf(content)]));

export function renderSpec(spec: ServiceSpec): FileMap {
  return render(buildModel(spec, catalog), templates, VERSION);
}

/** Use cases of every kind, trigger and route form the metadata.yml template writes. */
export const EVERY_TRIGGER_USE_CASES: ServiceSpec['useCases'] = [
  'create_order',
  'get_order',
  'list_orders',
  'update_order',
  'delete_order',
  'approve_order',
  'send_invoice',
  { name: 'archive_order', method: 'post', path: '/orders/{order_id}/archive/{reason}' },
  { name: 'import_orders', trigger: 'consumer', queue: 'order-events' },
  { name: 'purge_orders', trigger: 'schedule', cron: 'rate(1 day)' },
];

/** A small service: one entry point, the in-memory adapter, two use cases on one port. */
export const ORDERS_SPEC: ServiceSpec = {
  name: 'orders',
  description: 'Takes orders',
  team: 'sales',
  entryPoints: ['flask'],
  adapters: ['memory'],
  useCases: ['create_item', 'get_item'],
};
