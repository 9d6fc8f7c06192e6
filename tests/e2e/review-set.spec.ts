/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they are typed against the DOM.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { REPO, TSX } from './support/serve-process';
import { openApp, screenshot } from './support/server-info';

const goTo = (page: Page, hash: string): Promise<string> => page.evaluate((h) => (window.location.hash = h), hash);

test('a review set goes to the floor and its reviews come back once; a bad file is refused by name', async ({ page }, testInfo) => {
  await openApp(page, '#/calibration');
  // Found from the calibration's own "review next" list, which it takes along.
  await page.getByTestId('review-next-offline').click();
  const panel = page.getByTestId('review-sets');
  await expect(panel).toBeInViewport();
  await expect(panel.getByTestId('review-set-merge-empty')).toBeVisible();
  const picks = panel.getByTestId('review-set-call');
  await expect(picks.first()).toBeChecked();
  const callIds = await picks.evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
  expect(callIds.length).toBeGreaterThan(3);
  // Leave one out: what is exported is what is ticked.
  const left = callIds.at(-1) as string;
  await picks.last().uncheck();
  await expect(panel.getByTestId('review-set-export')).toHaveText(`Export review set (${callIds.length - 1} calls)`);
  await screenshot(page, 'review-set-export');

  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('review-set-export').click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^callrank-review-set-\\d{4}-\\d\\d-\\d\\d-${callIds.length - 1}-calls\\.crset$`));
  const setPath = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(setPath);
  await expect(panel.getByTestId('review-set-export-status')).toContainText(`${callIds.length - 1} calls, ${callIds.length - 1} recordings`);
  // Over the 5 MB every other method's body may have: the merge below rides on its own limit.
  expect(statSync(setPath).size).toBeGreaterThan(4 * 1024 * 1024);

  // On the floor, offline: one call of the set reviewed in the set's own copy.
  const reviewed = callIds[0] as string;
  const floor = spawnSync(TSX, ['tests/e2e/support/review-on-floor.ts', setPath, reviewed, 'floor-lead', 'Reviewed on the floor'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  expect(floor.stderr).toBe('');
  const made = JSON.parse(floor.stdout) as { reviewUuid: string; totalScore: number; leadId: string };
  const reviewHash = `#/review/${made.leadId}/${reviewed}`;

  // Before the merge the office has no review by floor-lead on that call.
  await goTo(page, reviewHash);
  await expect(page.getByTestId('qa-form')).toBeVisible();
  await expect(page.getByTestId('qa-form')).not.toContainText('floor-lead');

  await goTo(page, '#/calibration');
  await page.getByTestId('review-set-file').setInputFiles(setPath);
  await panel.scrollIntoViewIfNeeded();
  await expect(page.getByTestId('merge-counts')).toHaveText('1 added · 0 updated · 0 unchanged · 0 conflicts · 0 skipped');
  await expect(page.getByTestId('review-set-report')).toContainText(`${callIds.length - 1} calls`);
  // The merged call is reviewed now, so it leaves the calls to review next; the left-out one stays.
  await expect(panel.locator(`[data-testid=review-set-call][value="${reviewed}"]`)).toHaveCount(0);
  await expect(panel.locator(`[data-testid=review-set-call][value="${left}"]`)).toHaveCount(1);
  await screenshot(page, 'review-set-merged');

  await goTo(page, reviewHash);
  await expect(page.getByTestId('qa-reviews')).toHaveText(`floor-lead: ${made.totalScore}`);

  // The same file again: nothing new, nothing doubled.
  await goTo(page, '#/calibration');
  await page.getByTestId('review-set-file').setInputFiles(setPath);
  await expect(page.getByTestId('merge-counts')).toHaveText('0 added · 0 updated · 1 unchanged · 0 conflicts · 0 skipped');
  await goTo(page, reviewHash);
  await expect(page.getByTestId('qa-reviews')).toHaveText(`floor-lead: ${made.totalScore}`);

  // Bad files are refused with what is wrong with them, and merge nothing.
  await goTo(page, '#/calibration');
  const error = page.getByTestId('review-set-error');
  await page.getByTestId('review-set-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a set\n') });
  await expect(error).toHaveText('Nothing was merged: notes.txt: not a CallRank review set (not a database file; export one from CallRank)');
  await expect(page.getByTestId('review-set-report')).toHaveCount(0);
  const bytes = readFileSync(setPath);
  await page
    .getByTestId('review-set-file')
    .setInputFiles({ name: 'cut.crset', mimeType: 'application/octet-stream', buffer: bytes.subarray(0, Math.floor(bytes.length / 3)) });
  await expect(error).toContainText('Nothing was merged: cut.crset: the review set is truncated:');
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'review-set-bad-file');
  await goTo(page, reviewHash);
  await expect(page.getByTestId('qa-reviews')).toHaveText(`floor-lead: ${made.totalScore}`);
});
