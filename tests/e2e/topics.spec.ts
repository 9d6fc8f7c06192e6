import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO, startServe, TSX } from './support/serve-process';
import { screenshot } from './support/server-info';

/**
 * Its own database: eight weeks of analysed calls about everyday things, and in the last week an
 * objection nobody defined (the homeowners' association) on one campaign. Reports must show it.
 */
test('reports show what customers talk about this week, by campaign, and a new objection with its quotes', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'cr-e2e-topics-'));
  const dbPath = join(dir, 'topics.db');
  const seeded = spawnSync(TSX, ['tests/fixtures/seed-topic-calls.ts', dbPath, '250'], { cwd: REPO, encoding: 'utf8' });
  expect(seeded.stderr).toBe('');
  const serve = await startServe(dbPath, 'e2e-topics-token');
  try {
    await page.goto(serve.url);
    await page.waitForSelector('html[data-app=live]', { state: 'attached' });
    await page.evaluate(() => (window.location.hash = '#/reports'));
    const panel = page.getByTestId('topics');
    await expect(panel.getByTestId('topic').first()).toBeVisible();
    await expect(panel.getByTestId('topics-campaign')).toContainText('All campaigns (50 calls)');

    await panel.getByTestId('topics-campaign').selectOption('Solar Spring');
    const fresh = panel.getByTestId('topic').filter({ has: page.getByTestId('topic-new') });
    await expect(fresh.first()).toBeVisible();
    await expect(fresh.first().getByTestId('topic-terms')).toHaveText(/hoa|association/);
    await expect(fresh.first().getByTestId('topic-quote').first()).toHaveText(/hoa|association/i);
    await screenshot(page, 'topics');

    // The other campaign never heard it.
    await panel.getByTestId('topics-campaign').selectOption('Battery Upsell');
    await expect(panel.getByTestId('topic').first()).toBeVisible();
    await expect(panel.getByTestId('topics-list')).not.toContainText(/hoa|association/);

    // A quote opens its call in Review.
    await panel.getByTestId('topic-quote').first().getByRole('link').click();
    await expect(page).toHaveURL(/#\/review\//);
  } finally {
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
