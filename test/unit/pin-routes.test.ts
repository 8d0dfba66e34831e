import { describe, expect, it } from 'vitest';
import { buildModel, type ServiceSpec } from '../../src/core/spec.js';
import { pinDeclaredRoutes } from '../../src/grow/pin-routes.js';
import { catalog, renderSpec } from './real-templates.js';

const SPEC: ServiceSpec = { name: 'svc', description: 'd', team: 't', entryPoints: ['flask'], adapters: ['memory'], useCases: ['create_item', 'get_item', 'archive_item', 'view_item'] };

/** metadata.yml as 0.1.0 wrote it: archive was a delete, view a command. */
const OLD_METADATA = `name: svc
use_cases:
  create_item:
    type: "create functional data"
    triggers: [{type: http, options: {method: post, path: /items, mapper: {body: data}}}]
    external_interactions: [{keyname: items}]
  get_item:
    type: "read functional data"
    triggers: [{type: http, options: {method: get, path: "/items/{item_id}", mapper: {path_query.item_id: item_id}}}]
    external_interactions: [{keyname: items}]
  archive_item:
    type: "delete functional data"
    triggers: [{type: http, options: {method: delete, path: "/items/{item_id}", mapper: {path_query.item_id: item_id}}}]
    external_interactions: [{keyname: items}]
  view_item:
    type: "process functional data"
    triggers: [{type: http, options: {method: post, path: /view-item, mapper: {body: data}}}]
    external_interactions: [{keyname: items}]
`;

describe('an upgrade keeps every declared route', () => {
  it('pins the use cases whose name now means something else, and only those', () => {
    expect(() => buildModel(SPEC, catalog)).toThrow(/get_item and view_item both answer GET/);
    const pinned = pinDeclaredRoutes(SPEC, OLD_METADATA, catalog);
    expect(pinned.useCases).toEqual([
      'create_item',
      'get_item',
      { name: 'archive_item', kind: 'delete', method: 'delete', path: '/items/{item_id}', port: 'items' },
      { name: 'view_item', kind: 'command', method: 'post', path: '/view-item', port: 'items' },
    ]);
    const routes = buildModel(pinned, catalog).useCases.map((uc) => `${uc.http.method} ${uc.http.path}`);
    expect(routes).toEqual(['post /items', 'get /items/{item_id}', 'delete /items/{item_id}', 'post /view-item']);
  });

  it('leaves a spec whose declarations agree, or cannot be read, as it is', () => {
    const spec = { ...SPEC, useCases: ['create_item', 'get_item'] };
    expect(pinDeclaredRoutes(spec, OLD_METADATA, catalog).useCases).toEqual(['create_item', 'get_item']);
    expect(pinDeclaredRoutes(spec, 'use_cases: [', catalog)).toBe(spec);
    expect(pinDeclaredRoutes(spec, undefined, catalog)).toBe(spec);
  });

  it('pins nothing on a project this release made: every kind, actions included (they share update\'s metadata type)', () => {
    const spec: ServiceSpec = {
      ...SPEC,
      useCases: ['create_order', 'get_order', 'list_orders', 'update_order', 'delete_order', 'approve_order', 'send_invoice'],
    };
    const recorded = buildModel(spec, catalog).spec; // as the manifest records it
    expect(pinDeclaredRoutes(recorded, renderSpec(spec).get('metadata.yml'), catalog)).toEqual(recorded);
  });
});
