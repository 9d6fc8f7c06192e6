import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parseCsv } from './support/csv';
import { openApp, screenshot } from './support/server-info';

test('reports draw their charts and an export opens as valid, formula-safe CSV', async ({ page }) => {
  await openApp(page, '#/reports');
  await expect(page.getByTestId('reports-view')).toBeVisible();
  await expect(page.locator('[data-testid=chart-histogram] canvas')).toBeVisible();
  await expect(page.getByTestId('agents-table').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByTestId('coaching')).toContainText('missed on');
  await screenshot(page, 'reports');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-queue').click()]);
  expect(download.suggestedFilename()).toMatch(/^callrank-queue-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parseCsv(readFileSync((await download.path()) as string, 'utf8'));
  const [header, ...body] = rows;
  expect(header).toEqual(['rank', 'lead_id', 'name', 'phone', 'score', 'band', 'probability', 'attempts', 'last_called_at', 'created_at', 'campaign', 'agent', 'rank_reason']);
  expect(body.length).toBeGreaterThan(20);
  for (const r of body) expect(r).toHaveLength(header?.length ?? 0);
  expect(body.map((r) => Number(r[0]))).toEqual(body.map((_, i) => i + 1));
  // A lead whose name is a spreadsheet formula is exported as inert text; phone numbers stay as they are.
  const probe = body.find((r) => r[2]?.includes('SUM(1+2)'));
  expect(probe?.[2]).toBe("'=SUM(1+2) Smith");
  expect(body.every((r) => /^\+\d+$/.test(r[3] ?? ''))).toBe(true);

  const [agents] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-agents').click()]);
  const agentRows = parseCsv(readFileSync((await agents.path()) as string, 'utf8'));
  expect(agentRows[0]).toEqual(['agent', 'calls', 'agent_talk_ratio', 'sentiment', 'qa_score', 'conversion_rate']);
  expect(agentRows).toHaveLength(5);
});
