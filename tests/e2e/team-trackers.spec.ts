import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { REPO, TSX, startServe, type RunningServe } from './support/serve-process';
import { screenshot } from './support/server-info';

// A serve of its own: saving a tracker re-analyses and re-scores every call, which the other specs' database must not see.
let serve: RunningServe;
let dir: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cr-e2e-trackers-'));
  const dbPath = join(dir, 'ui.db');
  const seeded = spawnSync(TSX, ['tests/fixtures/seed-tracker-ui.ts', dbPath], { cwd: REPO, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seeding failed:\n${seeded.stderr}`);
  serve = await startServe(dbPath, randomBytes(16).toString('hex'));
});

test.afterAll(async () => {
  await serve?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function openCalibration(page: Page): Promise<void> {
  await page.goto(serve.url);
  await page.waitForSelector('html[data-app=live]', { state: 'attached' });
  await page.evaluate(() => (window.location.hash = '#/calibration'));
  await expect(page.getByTestId('trackers')).toBeVisible();
}

const EXAMPLES = [
  'Can you email me the brochure?',
  'Send me the details by email please.',
  'Could you send that over by email?',
  'Just email me the quote.',
  'Drop me an email with the information.',
];
const hitQuotes = (page: Page) => page.getByTestId('tracker-preview').getByTestId('hit-quote');

test('a tracker taught from five examples finds its concept in stored calls; a hit marked wrong stops firing after it relearns', async ({ page }) => {
  test.setTimeout(120_000);
  await openCalibration(page);
  const panel = page.getByTestId('trackers');
  await panel.getByTestId('new-tracker').click();

  // No examples: a clear message, and nothing stored.
  await panel.getByLabel('Tracker name').fill('Asks for it by email');
  await panel.getByLabel('Who says it').selectOption('customer');
  await panel.getByTestId('save-tracker').click();
  await expect(panel.getByTestId('tracker-status')).toContainText('has no example sentences: add at least one sentence that says "Asks for it by email"');
  await expect(panel.getByTestId('team-tracker')).toHaveCount(0);

  await panel.getByLabel('Examples').fill(EXAMPLES.join('\n'));
  await panel.getByTestId('preview-tracker').click();
  await expect(hitQuotes(page).filter({ hasText: 'Could you email me a copy of the quote?' })).toHaveCount(1, { timeout: 30_000 });
  await expect(hitQuotes(page).filter({ hasText: 'Can you send me the details by email?' }).first()).toBeVisible();
  const brochure = hitQuotes(page).filter({ hasText: 'Please send the brochure to my email.' });
  await expect(brochure).toHaveCount(1);
  await expect(panel.getByTestId('tracker-quality')).toContainText('On its 5 examples and 0');
  await screenshot(page, 'tracker-preview');

  // The supervisor tracks requests for the quote, not brochures: marked wrong, it relearns and stops firing there.
  await page.getByTestId('tracker-hit').filter({ hasText: 'Please send the brochure to my email.' }).getByRole('button', { name: 'Wrong' }).click();
  await expect(panel.getByLabel('Not this')).toHaveValue('Please send the brochure to my email.');
  await expect(panel.getByTestId('tracker-quality')).toContainText('On its 5 examples and 1', { timeout: 30_000 });
  await expect(brochure).toHaveCount(0);
  await expect(hitQuotes(page).filter({ hasText: 'Could you email me a copy of the quote?' })).toHaveCount(1);

  // Saved: a new version with the rubrics, and the stored calls re-analysed as jobs.
  await panel.getByTestId('save-tracker').click();
  await expect(panel.getByTestId('tracker-saved')).toContainText('Saved “Asks for it by email” v1', { timeout: 30_000 });
  await expect(panel.getByTestId('team-tracker')).toHaveText(/Asks for it by email\s*v1/);
  await page.evaluate(() => (window.location.hash = '#/jobs'));
  await expect(page.getByTestId('job-row').first()).toBeVisible({ timeout: 30_000 });
  // Analysed again from the stored transcripts and re-scored, in the background: every job ends done, none failed.
  await expect(page.getByTestId('job-status')).toContainText(/0 running · 0 queued · \d+ done · 0 paused · 0 failed/, { timeout: 60_000 });
  await screenshot(page, 'tracker-reanalysis-jobs');
});
