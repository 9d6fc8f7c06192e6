// Sums the reports of every test runner into the one line CI reads: "N passed, N failed".
// Every failure counts once, whatever it is: a failed test, a throwing beforeAll/afterAll (file or
// describe block), an unhandled error or rejection, a file that did not load, a failed check, a
// runner that left no report, and a runner that exited non-zero though its reports name no failure.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const notes = [];
const fail = (note) => {
  notes.push(note);
  failed += 1;
};

const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null);
const exitStatus = (name) => Number(process.env[name] ?? '0');

const [
  vitestPath = '.cache/vitest-results.json',
  playwrightPath = '.cache/playwright-results.json',
  vitestErrorsPath = '.cache/vitest-errors.json',
] = process.argv.slice(2);

const vitest = read(vitestPath);
if (vitest) {
  const before = failed;
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
  // Hook and unhandled errors are not in the JSON report; scripts/vitest-error-report.ts lists them.
  const errors = read(vitestErrorsPath);
  if (errors) {
    for (const e of errors.suiteErrors) fail(`vitest: ${e.where}: ${e.message}`);
    for (const message of errors.unhandledErrors) fail(`vitest: unhandled error: ${message}`);
  } else fail('vitest: no error report (scripts/vitest-error-report.ts did not run)');
  const status = exitStatus('CALLRANK_VITEST_STATUS');
  if (failed === before && (!vitest.success || status !== 0)) {
    fail(`vitest: exited ${status}, success ${vitest.success}, though its reports name no failure`);
  }
} else fail('vitest: no results file (the runner did not finish)');

if (existsSync('playwright.config.ts')) {
  const pw = read(playwrightPath);
  if (pw) {
    const before = failed;
    passed += pw.stats.expected + pw.stats.flaky;
    failed += pw.stats.unexpected;
    skipped += pw.stats.skipped;
    for (const e of pw.errors ?? []) fail(`playwright: ${e.message?.split('\n')[0] ?? 'error outside a test'}`);
    const status = exitStatus('CALLRANK_PLAYWRIGHT_STATUS');
    if (failed === before && status !== 0) fail(`playwright: exited ${status} though its report names no failure`);
  } else fail('playwright: no results file (the runner did not finish)');
}

for (const check of (process.env.CALLRANK_FAILED_CHECKS ?? '').split(',').filter(Boolean)) fail(`${check}: failed`);

for (const note of notes) console.log(note);
if (skipped) console.log(`(${skipped} skipped)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
