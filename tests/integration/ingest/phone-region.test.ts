import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCore } from '../../../electron/core/start-core';
import { JsonFileSettingsStore } from '../../../electron/settings/settings-store';
import { openDatabase, type Db } from '../../../electron/db/open';
import { EnvSecretStore } from '../../../electron/secrets/env-secret-store';
import { syncTwilio } from '../../../electron/sync/twilio/twilio-sync';
import { runCli } from '../../fixtures/cli';
import { makeRecordingsFolder } from '../../fixtures/recordings-folder';
import { FakeTwilio } from '../../fixtures/servers/twilio-server';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** London numbers as a UK contact center's export writes them: no country code. */
const londonLocal = (i: number): string => `020 7946 0${100 + i}`;
const londonE164 = (i: number): string => `+4420794601${String(i).padStart(2, '0')}`;

function numbers(db: Db): { from_number: string | null; phone_number: string | null }[] {
  return db
    .prepare(
      'SELECT c.from_number, l.phone_number FROM calls c JOIN leads l USING (lead_id) ORDER BY c.from_number',
    )
    .all() as { from_number: string | null; phone_number: string | null }[];
}

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the default phone region reads numbers written without a country code', () => {
  it('ingest --region GB stores London numbers as +44; without it the Settings beside the database decide, else US', () => {
    const tmp = tempDir('cr-region-cli-');
    cleanups.push(tmp.cleanup);
    const folder = join(tmp.path, 'rec');
    makeRecordingsFolder(folder, 3, { from: londonLocal });

    const gb = join(tmp.path, 'gb', 'callrank.db');
    expect(runCli(['ingest', folder, '--region', 'gb', '--db', gb]).code).toBe(0);
    const us = join(tmp.path, 'us', 'callrank.db');
    expect(runCli(['ingest', folder, '--db', us]).code).toBe(0);
    // The app's Settings beside this database say GB: the CLI follows them without a flag.
    const saved = join(tmp.path, 'saved', 'callrank.db');
    mkdirSync(join(tmp.path, 'saved'));
    writeFileSync(join(tmp.path, 'saved', 'settings.json'), JSON.stringify({ defaultPhoneRegion: 'GB' }));
    expect(runCli(['ingest', folder, '--db', saved]).code).toBe(0);

    const expected = [0, 1, 2].map((i) => ({ from_number: londonE164(i), phone_number: londonE164(i) }));
    for (const path of [gb, saved]) {
      const db = openDatabase(path);
      try {
        expect(numbers(db)).toEqual(expected);
      } finally {
        db.close();
      }
    }
    // Read as US numbers they are not valid: kept as written, and no lead gets a number.
    const db = openDatabase(us);
    try {
      expect(numbers(db)).toEqual(
        [0, 1, 2].map((i) => ({ from_number: londonLocal(i), phone_number: null })),
      );
    } finally {
      db.close();
    }

    const bad = runCli(['ingest', folder, '--region', 'XX', '--db', join(tmp.path, 'bad.db')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--region must be a region code such as US or GB, got "XX"/);
  });

  it('the core started with settings watches with their region, and a change applies to the next recording', async () => {
    const tmp = tempDir('cr-region-core-');
    cleanups.push(tmp.cleanup);
    const folder = join(tmp.path, 'rec');
    makeRecordingsFolder(folder, 2, { from: londonLocal });
    writeFileSync(join(tmp.path, 'settings.json'), JSON.stringify({ defaultPhoneRegion: 'GB' }));
    const store = new JsonFileSettingsStore(join(tmp.path, 'settings.json'));
    const core = startCore({
      dbPath: join(tmp.path, 'callrank.db'),
      settings: { store, secrets: new EnvSecretStore({}), secretStorage: 'none (test)' },
    });
    cleanups.push(() => core.close());
    await core.api.updateSettings({ recordingsFolder: folder });
    const count = (): number => (core.db.prepare('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n;
    await until(() => count() === 2, 'the watched folder');
    expect(numbers(core.db)).toEqual(
      [0, 1].map((i) => ({ from_number: londonE164(i), phone_number: londonE164(i) })),
    );

    // France now: a Paris number written the French way becomes +33.
    await core.api.updateSettings({ defaultPhoneRegion: 'FR' });
    makeRecordingsFolder(folder, 1, { firstIndex: 2, from: () => '01 23 45 67 89' });
    await until(() => count() === 3, 'the recording added after the change');
    const paris = core.db.prepare("SELECT from_number FROM calls WHERE from_number LIKE '+33%'").all();
    expect(paris).toEqual([{ from_number: '+33123456789' }]);
  });

  it('a Twilio sync with region GB stores a trunk’s local numbers as +44', async () => {
    const account = 'AC' + 'e'.repeat(32);
    const server = new FakeTwilio({ accountSid: account, authToken: 'token', calls: 2 });
    await server.start();
    const tmp = tempDir('cr-region-twilio-');
    const db = openDatabase(join(tmp.path, 'callrank.db'));
    cleanups.push(
      tmp.cleanup,
      () => void db.close(),
      () => server.stop(),
    );
    // Call 0 is inbound (the customer is the caller), call 1 outbound (the customer is called).
    const [inbound, outbound] = server.calls;
    if (!inbound || !outbound) throw new Error('the server made no calls');
    inbound.from = '020 7946 0100';
    outbound.to = '07700 900123';
    const s = await syncTwilio(db, {
      baseUrl: server.baseUrl,
      credentials: { accountSid: account, authToken: 'token' },
      recordingsDir: join(tmp.path, 'recordings'),
      policy: { baseDelayMs: 10 },
      phoneRegion: 'GB',
    });
    expect(s.failed).toEqual([]);
    const leads = db.prepare('SELECT phone_number FROM leads ORDER BY phone_number').all();
    expect(leads).toEqual([{ phone_number: '+442079460100' }, { phone_number: '+447700900123' }]);
  });
});
