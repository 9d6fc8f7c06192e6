/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they are typed against the DOM.
import { expect, test } from '@playwright/test';
import { openApp, screenshot } from './support/server-info';

test('a weight change updates kappa and the order before saving; after saving the new version is used', async ({ page }) => {
  const info = await openApp(page, '#/calibration');
  const kappa = page.getByTestId('kappa');
  await expect(kappa).toHaveText(/^\d\.\d{3}$|^-\d\.\d{3}$/);
  await expect(page.getByTestId('active-version')).toContainText('v1 active');
  const savedKappa = await kappa.textContent();
  await expect(page.getByTestId('moved')).toHaveText('0 calls change position');
  await screenshot(page, 'calibration');

  // What-if: stop rewarding "sentiment held or improved". Nothing is saved yet.
  await page.getByTestId('weight-sentiment_held_or_improved').fill('0');
  await expect(kappa).not.toHaveText(savedKappa ?? '');
  const whatIfKappa = await kappa.textContent();
  await expect(page.getByTestId('moved')).not.toHaveText('0 calls change position');
  await expect(page.locator('[data-testid=order-row]', { hasText: 'was #' }).first()).toBeVisible();
  await expect(page.getByTestId('active-version')).toContainText('v1 active');
  await screenshot(page, 'calibration-what-if');

  await page.getByTestId('save-rubric').click();
  await expect(page.getByTestId('calibration-status')).toContainText('Saved version 2');
  // serve re-scores in a thread of its own and says when every call has the new version.
  await expect(page.getByTestId('rescore-progress')).toContainText(/Re-scored \d+ calls with the new QA scorecard/);
  await screenshot(page, 'calibration-saved');
  await expect(page.getByTestId('active-version')).toContainText('v2 active');
  // The saved rubric now is what scores: its agreement is the what-if's, with no edit pending.
  await expect(kappa).toHaveText(whatIfKappa ?? '');
  await expect(page.getByTestId('moved')).toHaveText('0 calls change position');
  await expect(page.getByTestId('weight-sentiment_held_or_improved')).toHaveValue('0');
  await page.locator('[data-testid=version-row]', { hasText: 'v1' }).getByRole('button', { name: 'Diff to active' }).click();
  await expect(page.getByTestId('rubric-diff')).toContainText('sentiment_held_or_improved: weight 1→0');

  // Every call was re-scored with it: the review shows the new version on the QA score.
  await page.evaluate(({ lead, call }) => (window.location.hash = `#/review/${lead}/${call}`), {
    lead: info.seed.bookingLeadId,
    call: info.seed.bookingCallId,
  });
  await expect(page.getByTestId('score-qa')).toContainText('v2');
});
