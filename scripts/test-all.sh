#!/usr/bin/env bash
# Runs every test runner (vitest: unit + integration; Playwright: end-to-end in Chromium against
# `serve`) and ends with one plain line, "N passed, N failed", summed over all of them.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .cache
rm -f .cache/vitest-results.json .cache/playwright-results.json

status=0
echo "== typecheck and lint"
npx tsc -p tsconfig.node.json --noEmit || status=1
npx tsc -p tsconfig.web.json --noEmit || status=1
npx eslint . || status=1

echo "== unit and integration tests (vitest)"
npx vitest run || status=1

echo "== build (electron-vite: main, preload, renderer)"
npx electron-vite build || status=1

if [ -f playwright.config.ts ]; then
  echo "== end-to-end tests (Playwright, Chromium)"
  npx playwright test || status=1
fi

node scripts/sum-test-results.mjs || status=1
exit $status
