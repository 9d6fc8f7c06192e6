/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they are typed against the DOM.
import { expect, test } from '@playwright/test';
import { openApp, screenshot } from './support/server-info';

test('Settings: "Back up now" adds a backup to the list with its size and time, and it is still there after a reload', async ({ page }) => {
  await openApp(page, '#/settings');
  const panel = page.getByTestId('data-safety');
  await expect(panel).toBeVisible();
  const before = await panel.getByTestId('ds-backups').locator('tr').count().catch(() => 0);
  await panel.getByTestId('ds-backup-now').click();
  await expect(panel.getByTestId('ds-note')).toHaveText('Backed up');
  const rows = panel.getByTestId('ds-backups').locator('tr');
  await expect(rows).toHaveCount(before + 1);
  await expect(rows.first()).toContainText(/callrank-\d{8}T\d{6}Z\.db/);
  await expect(rows.first()).toContainText(/\d+(\.\d)? (KB|MB)/);
  await screenshot(page, 'settings-backups');
  await page.reload();
  await page.evaluate(() => (window.location.hash = '#/settings'));
  await expect(page.getByTestId('ds-backups').locator('tr')).toHaveCount(before + 1);
});

test("the lead's view erases the person after a typed confirmation; the lead is gone from the API", async ({ page }) => {
  await openApp(page, '#/queue');
  const leadId = `E2E-ERASE-${Date.now()}`;
  const made = await page.evaluate(async (id) => {
    const res = await fetch('/api/leads', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lead_id: id, first_name: 'Philippa', last_name: 'Erasewell', phone_number: '+15557841234' }),
    });
    return res.status;
  }, leadId);
  expect(made).toBe(201);
  await page.evaluate((id) => (window.location.hash = `#/review/${id}`), leadId);
  await expect(page.getByTestId('lead-name')).toHaveText('Philippa Erasewell');
  await page.getByTestId('erase-lead').click();
  const confirm = page.getByTestId('erase-confirm-button');
  await expect(confirm).toBeDisabled();
  await page.getByTestId('erase-typed').fill('erase');
  await expect(confirm).toBeDisabled();
  await page.getByTestId('erase-typed').fill('ERASE');
  await confirm.click();
  await expect(page.getByTestId('erase-report')).toContainText('The lead, 0 calls and 0 recordings are gone');
  await screenshot(page, 'lead-erased');
  const after = await page.evaluate(async (id) => (await fetch(`/api/leads/${encodeURIComponent(id)}`)).status, leadId);
  expect(after).toBe(404);
});
