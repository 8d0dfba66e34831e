import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ServiceSpec, buildModel } from '../../src/core/spec.js';
import { catalog, renderSpec, specWith } from './real-templates.js';

const BASE: ServiceSpec = {
  name: 'shop',
  description: 'Takes orders',
  team: 'sales',
  entryPoints: ['lambda'],
  adapters: ['dynamodb', 'sqs'],
  useCases: ['create_order', 'get_order'],
};
const spec = (overrides: Partial<ServiceSpec> = {}) => specWith(BASE, overrides);
const withUseCase = (entry: ServiceSpec['useCases'][number]) => spec({ useCases: [...BASE.useCases, entry] });

describe('consumer and schedule triggers', () => {
  it('a consumer on an entity reads its ids from the message; its options go to metadata.yml', () => {
    const model = buildModel(withUseCase({ name: 'ship_order', trigger: 'consumer', queue: 'order-events' }), catalog);
    const ship = model.useCases.find((uc) => uc.key === 'ship_order')!;
    expect(ship.kind).toBe('action');
    expect(ship.consumers).toEqual([
      { keyname: 'order-events-queue', queue: 'order-events', mapper: { 'event.order_id': 'order_id' }, batchSize: 10, maxRetries: 5, deadLetterQueue: 'order-events-dlq' },
    ]);
    const metadata = parse(renderSpec(withUseCase({ name: 'ship_order', trigger: 'consumer', queue: 'order-events' })).get('metadata.yml')!);
    expect(metadata.use_cases.ship_order.triggers[1]).toEqual({
      type: 'consumer',
      keyname: 'order-events-queue',
      options: { queue: 'order-events', batch_size: 10, max_retries: 5, dead_letter_queue: 'order-events-dlq', mapper: { 'event.order_id': 'order_id' } },
    });
  });

  it('a queue asked for on a writing use case replaces its default one: one consumer, one test', () => {
    const asked = spec({ useCases: [{ name: 'create_order', trigger: 'consumer', queue: 'q' }, 'get_order'] });
    expect(buildModel(asked, catalog).useCases[0]!.consumers.map((c) => c.queue)).toEqual(['q']);
    expect(buildModel(spec(), catalog).useCases[0]!.consumers.map((c) => c.queue)).toEqual(['shop-create-order']);
    const tests = renderSpec(asked).get('tests/entry_points/test_lambda.py')!;
    expect(tests.match(/^def test_create_order_consumes_sqs_batches\(/gm)).toHaveLength(1);
    expect(parse(renderSpec(asked).get('metadata.yml')!).use_cases.create_order.triggers.map((t: { type: string }) => t.type)).toEqual(['http', 'consumer']);
  });

  it('a schedule names no entity: a guessed entity kind becomes a command; a forced one is refused', () => {
    const model = buildModel(withUseCase({ name: 'purge_expired_orders', port: 'orders', trigger: 'schedule', cron: 'rate(1 day)' }), catalog);
    const purge = model.useCases.find((uc) => uc.key === 'purge_expired_orders')!;
    expect([purge.kind, purge.reason]).toEqual(['command', 'a schedule names no entity, so a command']);
    expect(purge.schedules).toEqual([{ keyname: 'purge-expired-orders-schedule', cronjob: 'rate(1 day)' }]);
    expect(() => buildModel(withUseCase({ name: 'ship_order', kind: 'action', trigger: 'schedule', cron: 'rate(1 day)' }), catalog)).toThrow(
      /a schedule trigger cannot drive a action use case/,
    );
    expect(() => buildModel(withUseCase({ name: 'find_order', trigger: 'consumer', queue: 'q' }), catalog)).not.toThrow();
  });

  it.each([
    [{ trigger: 'consumer' }, /needs --queue/],
    [{ trigger: 'schedule' }, /needs --cron/],
    [{ trigger: 'consumer', queue: 'a b' }, /queue "a b" must be/],
    [{ trigger: 'consumer', queue: 'q'.repeat(77) }, /must be 1 to 76/],
    [{ trigger: 'schedule', cron: 'every day' }, /must be rate/],
    [{ trigger: 'schedule', cron: 'rate(1 day)\n' }, /must be rate/],
    [{ trigger: 'cron' }, /not one of http, consumer, schedule/],
    [{ queue: 'q' }, /needs --trigger consumer/],
    [{ trigger: 'schedule', cron: 'rate(1 day)', queue: 'q' }, /a queue needs --trigger consumer/],
  ])('refuses %j', (fields, message) => {
    expect(() => buildModel(withUseCase({ name: 'send_invoice', ...fields }), catalog)).toThrow(message);
  });

  it('refuses two use cases on one queue', () => {
    const twice = spec({
      useCases: ['create_order', { name: 'ship_order', trigger: 'consumer', queue: 'q' }, { name: 'close_order', trigger: 'consumer', queue: 'q' }],
    });
    expect(() => buildModel(twice, catalog)).toThrow(/both consume queue q/);
  });
});

describe('domain events', () => {
  it('writes on an entity publish <entity>_<past tense> to <entity>-events only with an events adapter', () => {
    const useCases = ['create_order', 'get_order', 'update_order', 'delete_order', 'approve_order', 'send_invoice'];
    const model = buildModel(spec({ useCases }), catalog);
    expect(Object.fromEntries(model.useCases.map((uc) => [uc.key, uc.publishes?.name]))).toEqual({
      create_order: 'order_created',
      get_order: undefined,
      update_order: 'order_updated',
      delete_order: 'order_deleted',
      approve_order: 'order_approved',
      send_invoice: undefined,
    });
    expect(new Set(model.useCases.flatMap((uc) => (uc.publishes ? [uc.publishes.queue] : [])))).toEqual(new Set(['order-events']));
    expect(model.eventAdapters.map((a) => a.id)).toEqual(['memory', 'sqs']);
    expect(model.databaseAdapters.map((a) => a.id)).toEqual(['memory', 'dynamodb']);

    const plain = buildModel(spec({ adapters: ['dynamodb'], useCases }), catalog);
    expect(plain.useCases.some((uc) => uc.publishes)).toBe(false);
    expect(plain.eventAdapters).toEqual([]);
    expect([...renderSpec(spec({ adapters: ['dynamodb'] })).keys()].filter((p) => /events(_|\/)/.test(p) && !p.includes('lambda_events'))).toEqual([]);
  });

  it('shared files are written once whichever layers ask; fragments are never files', () => {
    const files = renderSpec(spec());
    expect(files.has('src/infra/aws.py')).toBe(true);
    expect(files.has('tests/adapters/support_aws.py')).toBe(true);
    expect([...files.keys()].filter((p) => p.includes('fragments'))).toEqual([]);
    expect(renderSpec(spec({ adapters: ['mongo'] })).has('src/infra/aws.py')).toBe(false);
  });

  it('template.yaml declares a table per port, a queue per queue name, and names none of them', () => {
    const template = parse(renderSpec(withUseCase({ name: 'ship_order', trigger: 'consumer', queue: 'order-events' })).get('template.yaml')!);
    const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    expect(resources.OrdersTable!.Properties.TableName).toEqual({ 'Fn::Sub': '${AWS::StackName}-orders' });
    const queues = Object.values(resources).filter((r) => r.Type === 'AWS::SQS::Queue');
    expect(queues.every((q) => q.Properties.QueueName === undefined)).toBe(true);
    const fn = resources.RouterFunction!.Properties as { Environment: { Variables: Record<string, unknown> }; Policies: unknown[] };
    expect(fn.Environment.Variables.SQS_QUEUE_ORDER_EVENTS).toEqual({ Ref: 'OrderEventsQueue' });
    expect(fn.Environment.Variables.DYNAMODB_TABLE_PREFIX).toEqual({ 'Fn::Sub': '${AWS::StackName}-' });
    expect(fn.Environment.Variables.AWS_REGION).toBeUndefined();
    expect(fn.Policies).toEqual([
      { DynamoDBCrudPolicy: { TableName: { Ref: 'OrdersTable' } } },
      { SQSSendMessagePolicy: { QueueName: { 'Fn::GetAtt': ['OrderEventsQueue', 'QueueName'] } } },
    ]);
  });
});
