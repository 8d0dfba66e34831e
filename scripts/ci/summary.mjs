// The closing line of a CI run, from vitest's JSON report: the counts, and a failure when any
// test was skipped or left as a todo. CI starts every server the tests need, so a skipped test
// is a test that did not run. Usage: node scripts/ci/summary.mjs <vitest.json>
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const notRun = report.testResults.flatMap((file) =>
  file.assertionResults.filter((test) => test.status !== 'passed' && test.status !== 'failed').map((test) => `${test.status}: ${test.fullName}`),
);
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${notRun.length} skipped`);
if (notRun.length > 0) {
  console.error(`CI runs every test; these did not run:\n  ${notRun.join('\n  ')}`);
  process.exitCode = 1;
}
if (report.numFailedTests > 0 || !report.success) process.exitCode = 1;
