// Sums the JSON reports of every test runner into the one line CI reads: "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];

const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null);

const [vitestPath = '.cache/vitest-results.json', playwrightPath = '.cache/playwright-results.json'] = process.argv.slice(2);
const vitest = read(vitestPath);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
  // A suite that failed to load has no tests to count but is a failure all the same.
  failed += vitest.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
} else missing.push('vitest');

if (existsSync('playwright.config.ts')) {
  const pw = read(playwrightPath);
  if (pw) {
    passed += pw.stats.expected + pw.stats.flaky;
    failed += pw.stats.unexpected;
    skipped += pw.stats.skipped;
    failed += (pw.errors ?? []).length;
  } else missing.push('playwright');
}

for (const check of (process.env.CALLRANK_FAILED_CHECKS ?? '').split(',').filter(Boolean)) {
  console.log(`${check}: failed`);
  failed += 1;
}
for (const m of missing) {
  console.log(`${m}: no results file (the runner did not finish)`);
  failed += 1;
}
if (skipped) console.log(`(${skipped} skipped)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
