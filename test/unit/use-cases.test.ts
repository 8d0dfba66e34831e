import { describe, expect, it } from 'vitest';
import { normalizeUseCaseName, routeClash, useCaseModel } from '../../src/core/use-cases.js';

describe('useCaseModel', () => {
  it('derives a create use case from its verb', () => {
    const uc = useCaseModel('create_order');
    expect(uc).toMatchObject({
      verb: 'create',
      className: 'CreateOrder',
      operation: 'save',
      port: { key: 'orders', className: 'OrdersDivision', entity: 'order', idParam: 'order_id' },
      http: { method: 'post', path: '/orders', mapper: { body: 'data' } },
    });
  });

  it.each([
    ['get_order', 'get', '/orders/{order_id}'],
    ['find_category', 'get', '/categories/{category_id}'],
    ['list_orders', 'get', '/orders'],
    ['update_order', 'put', '/orders/{order_id}'],
    ['delete_order', 'delete', '/orders/{order_id}'],
    ['send_invoice', 'post', '/send-invoice'],
    ['get_user_profile', 'get', '/user-profiles/{user_profile_id}'],
  ])('%s answers %s %s', (key, method, path) => {
    expect(useCaseModel(key).http).toMatchObject({ method, path });
  });

  it('maps path parameters and bodies to use-case arguments', () => {
    expect(useCaseModel('update_order').http.mapper).toEqual({ 'path_query.order_id': 'order_id', body: 'changes' });
  });

  it('takes port, method and path overrides', () => {
    const uc = useCaseModel('approve_order', { port: 'orders', method: 'put', path: '/orders/{order_id}/approval' });
    expect(uc.port.key).toBe('orders');
    expect(uc.http).toEqual({ method: 'put', path: '/orders/{order_id}/approval', mapper: { 'path_query.order_id': 'order_id', body: 'data' } });
    expect(() => useCaseModel('get_order', { path: '/orders/{id}' })).toThrow(/must contain \{order_id\}/);
    expect(() => useCaseModel('get_order', { path: 'orders' })).toThrow(/must look like/);
  });

  it('normalises names and refuses bad ones', () => {
    expect(normalizeUseCaseName('createOrder')).toBe('create_order');
    expect(() => normalizeUseCaseName('class')).toThrow(/Python keyword/);
    expect(() => useCaseModel('create')).not.toThrow();
  });

  it('detects two use cases on the same route', () => {
    expect(routeClash([useCaseModel('create_order'), useCaseModel('add_order')])).toBe(
      'use cases create_order and add_order both answer POST /orders',
    );
    expect(routeClash([useCaseModel('create_order'), useCaseModel('get_order')])).toBeUndefined();
  });
});
