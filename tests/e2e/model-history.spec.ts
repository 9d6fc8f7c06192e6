import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO, startServe, TSX } from './support/serve-process';
import { screenshot } from './support/server-info';

/**
 * Its own database (the shared e2e one has too few outcomes for a model): leads whose calls say
 * what predicts conversion, a weak model and a better one, then `serve` on it.
 */
test('the model history lists versions with their figures and rolls back to an earlier model', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'cr-e2e-models-'));
  const dbPath = join(dir, 'models.db');
  const seeded = spawnSync(TSX, ['tests/fixtures/seed-models.ts', dbPath], { cwd: REPO, encoding: 'utf8' });
  expect(seeded.stderr).toBe('');
  expect(JSON.parse(seeded.stdout.trim().split('\n').pop() ?? '{}')).toEqual({ weak: 'activated', strong: 'activated' });
  const serve = await startServe(dbPath, 'e2e-models-token');
  try {
    await page.goto(serve.url);
    await page.waitForSelector('html[data-app=live]', { state: 'attached' });
    await page.evaluate(() => (window.location.hash = '#/reports'));
    const rows = page.getByTestId('model-version');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('live');
    await expect(rows.nth(0)).toContainText('beats the rubric lead score');
    await expect(rows.nth(1)).toContainText('was live');
    await expect(page.locator('[data-testid=model-lift] canvas')).toBeVisible();
    await expect(page.locator('[data-testid=model-reliability] canvas')).toBeVisible();
    await expect(page.getByTestId('model-detail')).toContainText('customer words');
    await expect(page.getByTestId('phrases-converting')).toContainText('how soon can you start');
    await expect(page.getByTestId('chart-reliability')).toContainText('out-of-fold');
    await screenshot(page, 'model-history');

    await page.getByTestId('rollback').click();
    await page.getByTestId('confirm-rollback').click();
    await expect(page.getByTestId('model-status')).toContainText('is live again; 160 leads re-predicted');
    await expect(rows.nth(1)).toContainText('live');
    await expect(rows.nth(0)).toContainText('was live');
  } finally {
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
