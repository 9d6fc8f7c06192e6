import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { REPO, startServe, TSX, type RunningServe } from './support/serve-process';
import { screenshot } from './support/server-info';

/** Its own database: 300 leads, 160 outcomes, a live model, 140 open leads (tests/fixtures/seed-ranking.ts). */
function seeded(): { dir: string; dbPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cr-e2e-rank-'));
  const dbPath = join(dir, 'rank.db');
  const seed = spawnSync(TSX, ['tests/fixtures/seed-ranking.ts', dbPath], { cwd: REPO, encoding: 'utf8' });
  expect(seed.stderr).toBe('');
  expect(JSON.parse(seed.stdout.trim().split('\n').pop() ?? '{}')).toEqual({ model: 'live', open: 140 });
  return { dir, dbPath };
}

async function openQueue(page: Page, serve: RunningServe): Promise<void> {
  // Tall enough that the first 50 rows are all drawn (the grid draws only the rows on screen).
  await page.setViewportSize({ width: 1440, height: 2600 });
  await page.goto(serve.url);
  await page.waitForSelector('html[data-app=live]', { state: 'attached' });
  await page.evaluate(() => (window.location.hash = '#/queue'));
}

test('one database, three surfaces: the app queue, `queue --json` and REST /leads list the same top 50 in the same order with the same reason', async ({ page }) => {
  const { dir, dbPath } = seeded();
  const serve = await startServe(dbPath, 'e2e-rank-token');
  try {
    const cli = spawnSync(TSX, ['electron/cli/main.ts', 'queue', '--json', '--limit', '50', '--db', dbPath], { cwd: REPO, encoding: 'utf8' });
    expect(cli.status).toBe(0);
    const fromCli = (JSON.parse(cli.stdout) as { lead_id: string; rank: number; rank_reason: string }[]).map((l) => [l.lead_id, l.rank_reason]);

    const res = await fetch(`${serve.origin}/api/leads?outcome=open&limit=50`, { headers: { authorization: `Bearer ${serve.token}` } });
    expect(res.status).toBe(200);
    const fromRest = ((await res.json()) as { items: { lead_id: string; rank_reason: string }[] }).items.map((l) => [l.lead_id, l.rank_reason]);

    await openQueue(page, serve);
    const rows = page.getByTestId('queue-row');
    await expect(rows.nth(49)).toHaveAttribute('data-reason', /^priority /);
    const fromApp = await rows.evaluateAll((els) => els.slice(0, 50).map((e) => [e.getAttribute('data-lead'), e.getAttribute('data-reason')]));

    expect(fromCli).toHaveLength(50);
    expect(fromRest).toEqual(fromCli);
    expect(fromApp).toEqual(fromCli);
    // A model is live: the reason names it and the call that set the rubric score.
    expect(fromCli[0]?.[1]).toMatch(/^priority [\d.]+: model #\d+ \(\w+, CV AUC [\d.]+\): \d+% likely to convert → [\d.]+.*; rubric lead score [\d.]+ \(call C\d+ scored [\d.]+\)/);
    // The hover says the same, a clause a line.
    await rows.first().getByTestId('rank').hover();
    await expect(page.getByTestId('rank-tip')).toHaveAttribute('data-rank-reason', fromCli[0]?.[1] ?? '');
    await screenshot(page, 'queue-one-ranking');
  } finally {
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('w on a lead in the queue records the outcome, a retrain shows in Jobs, and the model history gains an entry', async ({ page }) => {
  const { dir, dbPath } = seeded();
  const serve = await startServe(dbPath, 'e2e-rank-token');
  try {
    await openQueue(page, serve);
    await page.evaluate(() => (window.location.hash = '#/reports'));
    const versions = page.getByTestId('model-version');
    await expect(versions.first()).toBeVisible();
    const before = await versions.count();

    await page.evaluate(() => (window.location.hash = '#/queue'));
    const rows = page.getByTestId('queue-row');
    await expect(rows.first()).toBeVisible();
    const lead = await rows.first().getAttribute('data-lead');
    await page.locator('body').press('w');
    await expect(page.getByTestId('queue-note')).toContainText('converted');
    await expect(page.locator(`[data-testid=queue-row][data-lead="${lead}"]`)).toHaveCount(0);

    await page.evaluate(() => (window.location.hash = '#/jobs'));
    const job = page.getByTestId('model-job-row').first();
    await expect(job).toContainText(`${lead} open → converted (queue, by supervisor)`);
    await expect(job).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
    await expect(job).toContainText(/model #\d+ (activated|refused)/);
    await screenshot(page, 'jobs-retrain');

    await page.evaluate(() => (window.location.hash = '#/reports'));
    await expect(versions).toHaveCount(before + 1);
    await expect(versions.first()).toContainText('161');
  } finally {
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
