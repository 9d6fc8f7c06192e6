/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they are typed against the DOM.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO } from './support/serve-process';
import { openApp, screenshot } from './support/server-info';

test('setting the recordings folder watches it at once: a dropped WAV shows up as a job', async ({
  page,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'cr-e2e-watch-'));
  try {
    await openApp(page, '#/settings');
    await page.getByTestId('recordings-folder').fill(folder);
    await page.getByTestId('recordings-save').click();
    await expect(page.getByTestId('watch-status')).toContainText(folder);
    await screenshot(page, 'settings');

    copyFileSync(join(REPO, 'resources/samples/02-wrong-number.wav'), join(folder, 'dropped-call.wav'));
    await page.evaluate(() => (window.location.hash = '#/jobs'));
    await expect(page.getByTestId('job-row').filter({ hasText: 'dropped-call.wav' }).first()).toBeVisible({
      timeout: 30_000,
    });
    await screenshot(page, 'jobs-watched-call');

    // A reload reads the folder back from the settings file.
    await page.reload();
    await page.evaluate(() => (window.location.hash = '#/settings'));
    await expect(page.getByTestId('recordings-folder')).toHaveValue(folder);
  } finally {
    await page.evaluate(() => (window.location.hash = '#/settings'));
    await page.getByRole('button', { name: 'Stop watching' }).click();
    await expect(page.getByTestId('watch-status')).toContainText('Not watching');
    rmSync(folder, { recursive: true, force: true });
  }
});

test('an API key is write-only: it can be set and cleared, and is never sent back or stored in plain text', async ({
  page,
}) => {
  const info = await openApp(page, '#/settings');
  const secret = `sk-test-${Date.now()}-do-not-echo`;
  const row = page.getByTestId('secret-openai.api_key');
  await expect(row.getByTestId('secret-state')).toHaveText('not set');
  await row.getByLabel('OpenAI API key').fill(secret);
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.getByTestId('secret-state')).toHaveText('set');
  const body = await page.evaluate(async () =>
    (
      await fetch('/api/rpc/getSettings', {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      })
    ).text(),
  );
  expect(body).toContain('"openai.api_key"');
  expect(body).not.toContain(secret);
  const file = readFileSync(join(dirname(info.seed.dbPath), 'secrets.enc'), 'utf8');
  expect(file).not.toContain(secret);
  await row.getByRole('button', { name: 'Clear' }).click();
  await expect(row.getByTestId('secret-state')).toHaveText('not set');
});

test('lead bands in Settings are the active lead rubric’s: a change is a new version the rubric history names', async ({
  page,
}) => {
  await openApp(page, '#/settings');
  const hot = page.getByTestId('settings-band-hot');
  const original = await hot.inputValue();
  const note = page.getByTestId('settings-note');
  await hot.fill(String(Number(original) + 1));
  await hot.blur();
  await expect(note).toContainText(/Bands saved as .+ version \d+; every call re-scored/);
  const version = /version (\d+)/.exec((await note.textContent()) ?? '')?.[1];
  await expect(page.getByTestId('lead-bands')).toContainText(`v${version}`);

  await page.evaluate(() => (window.location.hash = '#/calibration'));
  await page.getByLabel('Rubric').selectOption('lead');
  await expect(page.getByTestId('version-row').filter({ hasText: `v${version}` })).toContainText(
    'supervisor (Settings)',
  );

  // Back as it was, so later tests see the seeded bands (as one more version).
  await page.evaluate(() => (window.location.hash = '#/settings'));
  await page.getByTestId('settings-band-hot').fill(original);
  await page.getByTestId('settings-band-hot').blur();
  await expect(note).toContainText(`version ${Number(version) + 1}`);
  await expect(page.getByTestId('settings-band-hot')).toHaveValue(original);
});
