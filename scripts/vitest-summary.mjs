// Sums the JSON reports every package's vitest wrote into the one closing
// line CI reads, and fails when a test failed, a suite crashed, a package
// with tests wrote no report, or nothing ran at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
for (const root of ['packages', 'tools']) {
  if (!existsSync(root)) continue;
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) continue;
    const reportPath = join(dir, '.vitest-report.json');
    if (!existsSync(reportPath)) {
      problems.push(`${dir}: no test report (vitest did not run or crashed)`);
      continue;
    }
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    // A file that failed to load counts as a failure even though no test in it ran.
    const brokenFiles = report.testResults.filter(
      (f) => f.status === 'failed' && f.assertionResults.length === 0,
    );
    for (const file of brokenFiles) problems.push(`${file.name}: ${file.message || 'suite failed to run'}`);
    totals.failed += brokenFiles.length;
  }
}
for (const problem of problems) console.error(`vitest-summary: ${problem}`);
if (totals.passed + totals.failed === 0) console.error('vitest-summary: no test ran');
console.log(`vitest: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || problems.length > 0 || totals.passed === 0 ? 1 : 0);
