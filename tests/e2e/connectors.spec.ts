import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { FakeTwilio } from '../fixtures/servers/twilio-server';
import { startServe } from './support/serve-process';
import { screenshot } from './support/server-info';

const ACCOUNT = 'AC' + 'c'.repeat(32);
const AUTH = 'e2e-twilio-auth-token-never-shown';

/**
 * Its own `serve` on a fresh database, with the local Twilio-shaped server listed in
 * CALLRANK_ALLOW_BASE_URLS as a user would list a gateway: a user sets the connector up in
 * Settings, runs it, and sees what it did and, when the server refuses, why.
 */
test('a Twilio connector set up in Settings: Sync now brings the calls in, shows the last run, and a failing server shows the last error', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'cr-e2e-connectors-'));
  const twilio = new FakeTwilio({ accountSid: ACCOUNT, authToken: AUTH, calls: 3 });
  await twilio.start();
  const env = {
    CALLRANK_ALLOW_BASE_URLS: twilio.baseUrl,
    CALLRANK_RECORDINGS_DIR: join(dir, 'store'),
    CALLRANK_SECRETS_KEY: 'e2e-connectors-secrets-key',
  };
  const before = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const serve = await startServe(join(dir, 'callrank.db'), 'e2e-connectors-token').finally(() => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  try {
    await page.goto(serve.url);
    await page.waitForSelector('html[data-app=live]', { state: 'attached' });
    await page.evaluate(() => (window.location.hash = '#/settings'));
    const card = page.getByTestId('connector-twilio');
    const note = card.getByTestId('connector-note');
    await expect(card.getByTestId('connector-last-run')).toHaveText('never');

    // Bad input is refused with what to do, and nothing is saved.
    await card.getByTestId('connector-base-url').fill('http://127.0.0.1:9/');
    await card.getByTestId('connector-save').click();
    await expect(note).toContainText('list it in CALLRANK_ALLOW_BASE_URLS');
    await card.getByTestId('connector-base-url').fill(twilio.baseUrl);
    await card.getByTestId('connector-minutes').fill('ten');
    await card.getByTestId('connector-save').click();
    await expect(note).toHaveText('"ten" is not a whole number of minutes (leave it empty to run only on Sync now)');
    await card.getByTestId('connector-minutes').fill('0');
    await card.getByTestId('connector-save').click();
    await expect(note).toContainText('a schedule runs at least every minute');
    await card.getByTestId('connector-minutes').fill('');
    await card.getByTestId('connector-save').click();
    await expect(note).toHaveText('Twilio saved: runs only on Sync now');
    await expect(card.getByTestId('connector-next-run')).toHaveText('only on Sync now');

    await card.getByTestId('connector-sync-now').click();
    await expect(note).toContainText('Twilio credentials missing: set twilio.account_sid, twilio.auth_token');

    // Credentials go in under API keys; the connector then says they are set, never what they are.
    for (const [name, label, value] of [
      ['twilio.account_sid', 'Twilio account SID', ACCOUNT],
      ['twilio.auth_token', 'Twilio auth token', AUTH],
    ] as const) {
      const row = page.getByTestId(`secret-${name}`);
      await row.getByLabel(label).fill(value);
      await row.getByRole('button', { name: 'Save' }).click();
      await expect(row.getByTestId('secret-state')).toHaveText('set');
    }
    await expect(card.getByTestId('connector-credentials')).toHaveText(/account SID set, auth token set/);

    await card.getByTestId('connector-sync-now').click();
    await expect(card.getByTestId('connector-counts')).toContainText('calls ingested: 3');
    await expect(card.getByTestId('connector-state')).toHaveText('idle');
    await expect(card.getByTestId('connector-last-run')).toContainText('finished');
    await expect(card.getByTestId('connector-last-error')).toHaveCount(0);
    await screenshot(page, 'settings-connectors');
    expect(await page.content()).not.toContain(AUTH);

    // The server now refuses the account: the next run fails and the card says why.
    twilio.inject('calls', { kind: 'status', status: 401, body: '{"code":20003,"message":"Authenticate"}' });
    await card.getByTestId('connector-sync-now').click();
    await expect(card.getByTestId('connector-last-error')).toContainText('401');
    await expect(card.getByTestId('connector-state')).toHaveText('last run failed');
    await screenshot(page, 'settings-connector-error');
  } finally {
    await serve.stop();
    await twilio.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
