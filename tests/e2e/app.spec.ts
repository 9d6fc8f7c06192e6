/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they are typed against the DOM.
import { expect, test } from '@playwright/test';
import { openApp, screenshot } from './support/server-info';

test('full-text search over transcripts opens from anywhere with "/" and leads to the call', async ({ page }) => {
  await openApp(page, '#/reports');
  await expect(page.getByTestId('reports-view')).toBeVisible();
  await page.locator('body').press('/');
  await page.getByTestId('search-input').fill('another company');
  await expect(page.getByTestId('search-hit').first()).toBeVisible();
  await expect(page.getByTestId('search-hit').first().locator('mark').first()).toHaveText(/another|company/i);
  await screenshot(page, 'search');
  await page.getByTestId('search-input').press('Enter');
  await expect(page.getByTestId('review-view')).toBeVisible();
  await expect(page.getByTestId('transcript')).toContainText('another company');
});

test('jobs, settings and the dark theme', async ({ page }) => {
  await openApp(page, '#/jobs');
  await expect(page.getByTestId('job-status')).toContainText('calls');
  await expect(page.getByTestId('empty-state')).toContainText('No jobs');
  await screenshot(page, 'jobs');
  await page.evaluate(() => (window.location.hash = '#/settings'));
  await page.getByTestId('theme-dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, 'settings-dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.evaluate(() => (window.location.hash = '#/queue'));
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  await screenshot(page, 'queue-dark');
  await page.evaluate(() => (window.location.hash = '#/review'));
  await expect(page.getByTestId('empty-state')).toContainText('Pick a lead');
});
