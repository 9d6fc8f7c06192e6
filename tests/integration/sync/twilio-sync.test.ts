import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/db/open';
import { syncTwilio, type TwilioSyncEvent } from '../../../electron/sync/twilio/twilio-sync';
import { FakeTwilio } from '../../fixtures/servers/twilio-server';
import { tempDir } from '../../fixtures/temp';

const ACCOUNT = 'AC' + 'f'.repeat(32);
const TOKEN = 'test-auth-token';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(calls: number, noRecordingEvery = 0): Promise<{ server: FakeTwilio; db: Db; dir: string }> {
  const server = new FakeTwilio({ accountSid: ACCOUNT, authToken: TOKEN, calls, noRecordingEvery });
  await server.start();
  const tmp = tempDir('cr-twilio-');
  const db = openDatabase(join(tmp.path, 'callrank.db'));
  cleanups.push(() => tmp.cleanup(), () => void db.close(), () => server.stop());
  return { server, db, dir: join(tmp.path, 'recordings') };
}

const sync = (db: Db, server: FakeTwilio, dir: string, events: TwilioSyncEvent[] = []) =>
  syncTwilio(db, {
    baseUrl: server.baseUrl,
    credentials: { accountSid: ACCOUNT, authToken: TOKEN },
    recordingsDir: dir,
    pageSize: 50,
    policy: { baseDelayMs: 10 },
    onEvent: (e) => events.push(e),
  });

describe('Twilio sync against the stateful test server', () => {
  it('pages through calls and recordings, downloads verified WAVs and ingests each call once', async () => {
    const { server, db, dir } = await setup(120, 40);
    const events: TwilioSyncEvent[] = [];
    const s = await sync(db, server, dir, events);
    expect(s.listedCalls).toBe(120);
    expect(events.filter((e) => e.type === 'page' && e.list === 'calls')).toHaveLength(3);
    expect(s.noRecording).toBe(3); // calls 0, 40, 80
    expect(s.ingested).toBe(117);
    expect(s.failed).toEqual([]);

    const rows = db.prepare('SELECT external_id, recording_hash, channels, channel_map, direction FROM calls').all() as {
      external_id: string; recording_hash: string; channels: number; channel_map: string | null; direction: string;
    }[];
    expect(rows).toHaveLength(117);
    const byId = new Map(rows.map((r) => [r.external_id, r]));
    for (const c of server.calls) {
      const row = byId.get(c.sid);
      if (!c.recording) {
        expect(row).toBeUndefined();
        continue;
      }
      expect(row?.recording_hash).toBe(c.recording.sha256);
      expect(row?.channels).toBe(c.recording.channels);
      expect(row?.direction).toBe(c.direction === 'inbound' ? 'inbound' : 'outbound');
      expect(row?.channel_map ? JSON.parse(row.channel_map) : null).toEqual(c.recording.channels === 2 ? { left: 'customer', right: 'agent' } : null);
    }
    // Dual-channel recordings were asked for as two channels, mono ones were not.
    const media = server.log.filter((e) => e.route === 'media');
    expect(media.filter((e) => e.url.includes('RequestedChannels=2'))).toHaveLength(server.calls.filter((c) => c.recording?.channels === 2).length);
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 117 });
    expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
    const sidecar = JSON.parse(readFileSync(join(dir, `${server.calls[1]?.sid}.json`), 'utf8')) as { external_id: string; started_at: string };
    expect(sidecar.external_id).toBe(server.calls[1]?.sid);
    expect(sidecar.started_at).toBe(new Date(server.calls[1]?.startMs ?? 0).toISOString());

    // A second run lists again (from the stored cursor minus a day) and adds nothing.
    const before = server.count('media');
    const again = await sync(db, server, dir);
    expect(again.newCalls).toBe(0);
    expect(server.count('media')).toBe(before);
    expect(db.prepare('SELECT COUNT(*) AS n FROM calls').get()).toEqual({ n: 117 });
    const cursor = db.prepare(`SELECT cursor FROM sync_connectors WHERE connector = 'twilio'`).get() as { cursor: string };
    expect(cursor.cursor).toBe(new Date(Math.max(...server.calls.map((c) => c.startMs))).toISOString());
    const lastCallsUrl = server.log.filter((e) => e.route === 'calls').at(-1)?.url ?? '';
    expect(decodeURIComponent(lastCallsUrl)).toContain(`StartTime>=${new Date(Date.parse(cursor.cursor) - 86_400_000).toISOString().slice(0, 10)}`);
  });

  it('resumes a broken transfer with a Range request and still stores the exact bytes', async () => {
    const { server, db, dir } = await setup(3);
    server.inject('media', { kind: 'drop', afterBytes: 1000 });
    const s = await syncTwilio(db, { baseUrl: server.baseUrl, credentials: { accountSid: ACCOUNT, authToken: TOKEN }, recordingsDir: dir, concurrency: 1, policy: { baseDelayMs: 10 } });
    expect(s.ingested).toBe(3);
    expect(server.count('media', (e) => e.range === 'bytes=1000-')).toBe(1);
    for (const c of server.calls) {
      const file = join(dir, `${c.sid}.wav`);
      expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(c.recording?.sha256);
    }
  });

  it('refuses wrong credentials with the server\'s answer and stores nothing', async () => {
    const { server, db, dir } = await setup(2);
    await expect(
      syncTwilio(db, { baseUrl: server.baseUrl, credentials: { accountSid: ACCOUNT, authToken: 'wrong' }, recordingsDir: dir }),
    ).rejects.toThrow(/HTTP 401.*20003/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM calls').get()).toEqual({ n: 0 });
    expect(db.prepare(`SELECT state, last_error FROM sync_connectors`).get()).toMatchObject({ state: 'error' });
    expect(existsSync(join(dir, `${server.calls[0]?.sid}.wav`))).toBe(false);
  });
});
