import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** scripts/ci/summary.mjs, which closes .ci/run, on a vitest JSON report with these statuses. */
function summary(statuses: string[]) {
  const report = join(mkdtempSync(join(tmpdir(), 'cbs-summary-')), 'vitest.json');
  const results = statuses.map((status, i) => ({ status, fullName: `case ${i}` }));
  const count = (status: string) => statuses.filter((s) => s === status).length;
  writeFileSync(
    report,
    JSON.stringify({
      success: count('failed') === 0,
      numPassedTests: count('passed'),
      numFailedTests: count('failed'),
      numPendingTests: count('skipped') + count('pending'),
      numTodoTests: count('todo'),
      testResults: [{ name: 'a.test.ts', assertionResults: results }],
    }),
  );
  return spawnSync('node', ['scripts/ci/summary.mjs', report], { encoding: 'utf8' });
}

describe('the CI summary', () => {
  it('passes when every test ran and passed', () => {
    const run = summary(['passed', 'passed']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('tests: 2 passed, 0 failed, 0 skipped\n');
  });

  it.each(['skipped', 'pending', 'todo'])('fails when a test is %s, and names it', (status) => {
    const run = summary(['passed', status]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('tests: 1 passed, 0 failed, 1 skipped\n');
    expect(run.stderr).toContain(`${status}: case 1`);
  });

  it('fails when a test failed', () => {
    expect(summary(['passed', 'failed']).status).toBe(1);
  });
});
