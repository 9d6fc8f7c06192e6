/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they are typed against the DOM.
import { expect, test } from '@playwright/test';
import { openApp, screenshot } from './support/server-info';

test('redaction at rest: on by default for cards, SSNs and bank accounts; a change is stored and turning a kind on runs over stored calls', async ({
  page,
}) => {
  await openApp(page, '#/settings');
  const panel = page.getByTestId('redaction-settings');
  await expect(panel.getByTestId('redact-card')).toBeChecked();
  await expect(panel.getByTestId('redact-ssn')).toBeChecked();
  await expect(panel.getByTestId('redact-bankAccount')).toBeChecked();
  await expect(panel.getByTestId('redact-email')).not.toBeChecked();
  await expect(panel.getByTestId('redact-address')).not.toBeChecked();

  await panel.getByTestId('redact-card').uncheck();
  await expect(panel.getByTestId('redaction-note')).toHaveText('Payment card numbers: kept as said');
  // Stored in the database: a reload (and the API) reads it back.
  await page.reload();
  await expect(page.getByTestId('redact-card')).not.toBeChecked();
  const stored = await page.evaluate(async () =>
    (await (await fetch('/api/rpc/getRedaction', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).json()) as {
      settings: { card: boolean };
    },
  );
  expect(stored.settings.card).toBe(false);

  await page.getByTestId('redact-card').check();
  await expect(page.getByTestId('redaction-note')).toHaveText('Payment card numbers: removed before storing');
  await expect(page.getByTestId('redaction-run')).toContainText(/Last pass over stored calls: \d+ checked, \d+ redacted\./, { timeout: 30_000 });
  await screenshot(page, 'settings-redaction');
});
