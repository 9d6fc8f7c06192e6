#!/usr/bin/env bash
# Runs every test runner (vitest: unit + integration; Playwright: end-to-end in Chromium against
# `serve`) and ends with one plain line, "N passed, N failed", summed over all of them.
set -uo pipefail
cd "$(dirname "$0")/.."
# Results of this run only, whatever else runs vitest or Playwright on the machine meanwhile.
results=.cache/test-all
rm -rf "$results" && mkdir -p "$results"
export CALLRANK_PLAYWRIGHT_JSON="$results/playwright.json"
export CALLRANK_VITEST_ERRORS_JSON="$results/vitest-errors.json"

status=0
# Checks that are not tests still count: each one that fails adds a failure to the final line.
failed_checks=()
check() {
  local name=$1
  shift
  "$@" || { failed_checks+=("$name"); status=1; }
}

echo "== typecheck, lint and README size"
check "README size" node scripts/check-readme-size.mjs
check "typecheck (node)" npx tsc -p tsconfig.node.json --noEmit
check "typecheck (web)" npx tsc -p tsconfig.web.json --noEmit
check "lint" npx eslint .

echo "== unit and integration tests (vitest)"
# The error-report reporter lists hook and unhandled errors, which the JSON report leaves out.
npx vitest run --reporter=default --reporter=json --reporter=./scripts/vitest-error-report.ts \
  --outputFile.json="$results/vitest.json"
vitest_status=$?
[ $vitest_status -eq 0 ] || status=1

echo "== build (electron-vite: main, preload, renderer)"
check "build" npx electron-vite build

if [ -f playwright.config.ts ]; then
  echo "== end-to-end tests (Playwright, Chromium)"
  npx playwright test
  playwright_status=$?
  [ $playwright_status -eq 0 ] || status=1
fi

CALLRANK_FAILED_CHECKS="$(IFS=,; echo "${failed_checks[*]:-}")" \
  CALLRANK_VITEST_STATUS=$vitest_status CALLRANK_PLAYWRIGHT_STATUS=${playwright_status:-0} \
  node scripts/sum-test-results.mjs "$results/vitest.json" "$results/playwright.json" "$results/vitest-errors.json" || status=1
exit $status
