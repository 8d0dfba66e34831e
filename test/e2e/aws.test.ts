import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir, venv } from './support.js';

/**
 * The DynamoDB and SQS adapters, triggers and the SQS round trip against a local AWS emulator
 * (moto's server mode). CI starts one with scripts/ci/aws-emulator.sh and exports
 * AWS_ENDPOINT_URL and CFN_LINT; without them this file is skipped.
 */
const AWS_ENDPOINT_URL = process.env.AWS_ENDPOINT_URL?.trim() ?? '';
const CFN_LINT = process.env.CFN_LINT?.trim() || 'cfn-lint';
const AWS_ENV = { AWS_ENDPOINT_URL, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };

/** PASSED test ids of one file whose parameters name `adapter`. */
function passed(output: string, file: string, adapter: string): number {
  const escaped = file.replace(/[.]/g, '\\.');
  return [...output.matchAll(new RegExp(`^PASSED ${escaped}::(\\S+)$`, 'gm'))].filter(([, id]) =>
    new RegExp(`\\[(.+-)?${adapter}(-.+)?\\]$`).test(id!),
  ).length;
}

describe.skipIf(AWS_ENDPOINT_URL === '')('DynamoDB, SQS and triggers against an AWS emulator (AWS_ENDPOINT_URL)', () => {
  let project: string;

  beforeAll(async () => {
    project = join(tempDir('cbs-aws-'), 'order-service');
    const created = await cli([project, '--yes', '--no-git', '--entry', 'lambda,fastapi', '--adapter', 'dynamodb,sqs', '--use-case', 'create_order,get_order,list_orders']);
    expect(created.exitCode, `${created.stdout}\n${created.stderr}`).toBe(0);
    for (const args of [
      ['add', 'use-case', 'purge_expired_orders', '--trigger', 'schedule', '--cron', 'rate(1 day)', '--port', 'orders'],
      ['add', 'use-case', 'ship_order', '--trigger', 'consumer', '--queue', 'order-events', '--port', 'orders'],
    ]) {
      const added = await cli(args, { cwd: project });
      expect(added.exitCode, `${added.stdout}\n${added.stderr}`).toBe(0);
    }
  }, 300_000);

  it('passes the generated tests on the emulator with nothing skipped; the round trip runs', { timeout: 300_000 }, async () => {
    const run = await venv(project, 'pytest', ['-p', 'no:cacheprovider', '-rA'], AWS_ENV);
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).not.toMatch(/\bskipped\b|SKIPPED/);
    const orders = 'tests/adapters/test_orders_contract.py';
    expect(passed(run.all, orders, 'memory')).toBeGreaterThan(0);
    expect(passed(run.all, orders, 'dynamodb'), run.all).toBe(passed(run.all, orders, 'memory'));
    const events = 'tests/adapters/test_events_contract.py';
    expect(passed(run.all, events, 'memory')).toBeGreaterThan(0);
    expect(passed(run.all, events, 'sqs'), run.all).toBe(passed(run.all, events, 'memory'));
    expect(run.all).toMatch(/^PASSED tests\/test_round_trip\.py::test_a_published_event_reaches_its_consumer/m);
    expect(run.all).toMatch(/^PASSED tests\/entry_points\/test_lambda\.py::test_purge_expired_orders_runs_on_its_schedule/m);
    expect(run.all).toMatch(/^PASSED tests\/adapters\/test_dynamodb_settings\.py::test_a_missing_table_stops_setup/m);
    const trip = run.all.match(/round trip: ([\d.]+) ms/);
    expect(trip, run.all).not.toBeNull();
    process.stdout.write(`SQS round trip on the emulator: ${trip![1]} ms\n`);

    for (const args of [['check', '.'], ['format', '--check', '.']]) {
      const lint = await venv(project, 'ruff', args);
      expect(lint.exitCode, lint.all).toBe(0);
    }
  });

  it("writes triggers bisslog-schema's analyzer and the tool's check accept", { timeout: 120_000 }, async () => {
    const check = await cli(['check'], { cwd: project });
    expect(check.exitCode, `${check.stdout}\n${check.stderr}`).toBe(0);
  });

  it('creates the tables and queues locally with the generated helpers', { timeout: 120_000 }, async () => {
    const env = { ...AWS_ENV, DYNAMODB_TABLE_PREFIX: `e2e-${Date.now()}-` };
    const tables = await venv(project, 'python', ['-m', 'src.infra.dynamodb'], env);
    expect(tables.exitCode, tables.all).toBe(0);
    expect(tables.stdout).toContain(`${env.DYNAMODB_TABLE_PREFIX}orders: created at ${AWS_ENDPOINT_URL}`);
    const again = await venv(project, 'python', ['-m', 'src.infra.dynamodb'], env);
    expect(again.stdout).toContain(`${env.DYNAMODB_TABLE_PREFIX}orders: exists`);
    const queues = await venv(project, 'python', ['-m', 'src.infra.sqs'], AWS_ENV);
    expect(queues.exitCode, queues.all).toBe(0);
    expect(queues.stdout).toMatch(/\/order-events$/m);
    expect(queues.stdout).toMatch(/\/order-events-dlq$/m);
  });

  it('writes SAM templates cfn-lint finds nothing in', { timeout: 120_000 }, async () => {
    const mongo = join(tempDir('cbs-sam-'), 'mongo-service');
    const made = await cli([mongo, '--yes', '--no-install', '--no-git', '--entry', 'flask,fastapi,lambda', '--adapter', 'mongo']);
    expect(made.exitCode, made.stderr).toBe(0);
    for (const dir of [project, mongo]) {
      const lint = await execa(CFN_LINT, [join(dir, 'template.yaml')], { reject: false, all: true });
      expect(lint.exitCode, `${dir}: ${lint.all}`).toBe(0);
    }
  });
});
