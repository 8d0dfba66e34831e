import { describe, expect, it } from 'vitest';
import { pastParticiple } from '../../src/core/names.js';
import { normalizeUseCaseName, routeClash, useCaseModel, withLocations } from '../../src/core/use-cases.js';

const orders = new Set(['orders']);

describe('useCaseModel', () => {
  it('derives a create use case from its verb', () => {
    expect(useCaseModel('create_order')).toMatchObject({
      kind: 'create',
      className: 'CreateOrder',
      operations: ['save'],
      port: { key: 'orders', className: 'OrdersDivision', entity: 'order', idParam: 'order_id' },
      http: { method: 'post', path: '/orders', mapper: { body: 'data' }, status: 201 },
    });
  });

  it.each([
    ['get_order', 'get', 'get', '/orders/{order_id}', 200],
    ['find_category', 'get', 'get', '/categories/{category_id}', 200],
    ['list_orders', 'list', 'get', '/orders', 200],
    ['update_order', 'update', 'put', '/orders/{order_id}', 200],
    ['delete_order', 'delete', 'delete', '/orders/{order_id}', 200],
    ['remove_order', 'delete', 'delete', '/orders/{order_id}', 200],
    ['archive_order', 'action', 'post', '/orders/{order_id}/archive', 200],
    ['approve_order', 'action', 'post', '/orders/{order_id}/approve', 200],
    ['ship_parcel', 'action', 'post', '/parcels/{parcel_id}/ship', 200],
    ['send_invoice', 'command', 'post', '/send-invoice', 202],
    ['get_user_profile', 'get', 'get', '/user-profiles/{user_profile_id}', 200],
  ])('%s is a %s: %s %s answering %d', (key, kind, method, path, status) => {
    const uc = useCaseModel(key);
    expect([uc.kind, uc.http.method, uc.http.path, uc.http.status]).toEqual([kind, method, path, status]);
  });

  it('an unknown verb on an existing port is an action, else a command', () => {
    expect(useCaseModel('print_order', {}, { knownPorts: orders })).toMatchObject({
      kind: 'action',
      http: { method: 'post', path: '/orders/{order_id}/print' },
      reason: '"print" acts on the existing port orders',
    });
    expect(useCaseModel('print_order')).toMatchObject({ kind: 'command', http: { path: '/print-order' }, port: { key: 'orders' } });
    // Beside an entity port, a command records requests in a port of its own, never as entities.
    expect(useCaseModel('print_order', { kind: 'command' }, { knownPorts: orders }).port.key).toBe('order_requests');
    expect(useCaseModel('print_order', { kind: 'command', port: 'orders' }, { knownPorts: orders }).port.key).toBe('orders');
  });

  it('an action loads and updates the entity, and names the status it sets', () => {
    expect(useCaseModel('cancel_order')).toMatchObject({
      operations: ['get', 'update'],
      actionStatus: 'cancelled',
      http: { mapper: { 'path_query.order_id': 'order_id', body: 'data' }, idParam: 'order_id', scopeParams: [] },
    });
  });

  it('maps path parameters, bodies and queries to use-case arguments', () => {
    expect(useCaseModel('update_order').http.mapper).toEqual({ 'path_query.order_id': 'order_id', body: 'changes' });
    expect(useCaseModel('list_orders').http.mapper).toEqual({ 'params.limit': 'limit', 'params.after': 'after' });
    expect(useCaseModel('list_orders').arguments.map((a) => a.name)).toEqual(['limit', 'after']);
  });

  it('explicit kind, port, method and path win over the guess', () => {
    const approve = useCaseModel('approve_order', { port: 'orders', method: 'put', path: '/orders/{order_id}/approval' });
    expect(approve).toMatchObject({ kind: 'action', port: { key: 'orders' } });
    expect(approve.http).toMatchObject({ method: 'put', path: '/orders/{order_id}/approval', mapper: { 'path_query.order_id': 'order_id', body: 'data' } });
    // A path that names no entity turns a guessed entity kind into a command (or a list for GET).
    expect(useCaseModel('archive_order', { method: 'post', path: '/orders/archive' }, { knownPorts: orders })).toMatchObject({
      kind: 'command',
      http: { path: '/orders/archive' },
      port: { key: 'order_requests' },
    });
    expect(useCaseModel('get_stats', { path: '/stats' })).toMatchObject({ kind: 'list' });
    expect(useCaseModel('notify_order', { kind: 'command' }).kind).toBe('command');
    expect(() => useCaseModel('notify_order', { kind: 'action', path: '/orders/notify' })).toThrow(/acts on one entity/);
  });

  it('the entity parameter of a custom path is the port id, else the last parameter; the others scope it', () => {
    const nested = useCaseModel('get_order', { path: '/shops/{shop_id}/orders/{order_id}' });
    expect(nested.http).toMatchObject({ idParam: 'order_id', scopeParams: ['shop_id'], params: ['shop_id', 'order_id'] });
    expect(useCaseModel('get_order', { path: '/orders/{code}' }).http).toMatchObject({ idParam: 'code', scopeParams: [] });
    expect(useCaseModel('create_order', { path: '/shops/{shop_id}/orders' }).http.scopeParams).toEqual(['shop_id']);
  });

  it('refuses paths it cannot serve', () => {
    expect(() => useCaseModel('get_order', { path: 'orders' })).toThrow(/must look like/);
    expect(() => useCaseModel('get_order', { path: '/a/{x}/b/{x}' })).toThrow(/names \{x\} twice/);
    expect(() => useCaseModel('get_order', { path: '/orders/{data}' })).toThrow(/would shadow/);
    expect(() => useCaseModel('get_order', { path: '/orders/{class}' })).toThrow(/Python keyword/);
  });

  it('normalises names and refuses bad ones, derived ports included', () => {
    expect(normalizeUseCaseName('createOrder')).toBe('create_order');
    expect(() => normalizeUseCaseName('class')).toThrow(/Python keyword/);
    expect(() => normalizeUseCaseName('create')).toThrow(/needs a subject, e.g. create_order/);
    expect(() => normalizeUseCaseName('approve')).toThrow(/needs a subject/);
    expect(() => useCaseModel('get_2fa')).toThrow(/port name "2fas" must start with a letter/);
    expect(() => useCaseModel('get_setting')).toThrow(/port name "settings"/);
    expect(() => useCaseModel('get_id')).toThrow(/port name "ids" is taken by src\/infra\/ids/);
  });

  it('detects two use cases on the same route', () => {
    expect(routeClash([useCaseModel('create_order'), useCaseModel('add_order')])).toBe(
      'use cases create_order and add_order both answer POST /orders',
    );
    expect(routeClash([useCaseModel('create_order'), useCaseModel('get_order')])).toBeUndefined();
  });

  it("a create's Location is its port's get route, and there is none without one", () => {
    const [create] = withLocations([useCaseModel('create_order'), useCaseModel('get_order', { path: '/orders/{code}' })]);
    expect(create!.http.location).toBe('/orders/{id}');
    expect(withLocations([useCaseModel('create_invoice')])[0]!.http.location).toBeUndefined();
    expect(withLocations([useCaseModel('create_invoice'), useCaseModel('get_order')])[0]!.http.location).toBeUndefined();
  });
});

describe('pastParticiple', () => {
  it.each([
    ['approve', 'approved'],
    ['cancel', 'cancelled'],
    ['ship', 'shipped'],
    ['stop', 'stopped'],
    ['verify', 'verified'],
    ['archive', 'archived'],
    ['lock', 'locked'],
    ['open', 'opened'],
    ['submit', 'submitted'],
    ['publish', 'published'],
  ])('%s → %s', (verb, past) => {
    expect(pastParticiple(verb)).toBe(past);
  });
});
