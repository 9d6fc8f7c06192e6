import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { runCliAsync } from '../../fixtures/servers/run-cli-async';
import { tempDir } from '../../fixtures/temp';
import { writeWav } from '../../fixtures/wav';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('sync csv <call-log.csv> <recordings-folder>', () => {
  it('imports each row with its recording once, reports bad rows, and a re-import adds nothing', async () => {
    const tmp = tempDir('cr-csv-');
    cleanups.push(tmp.cleanup);
    const folder = join(tmp.path, 'export');
    mkdirSync(join(folder, 'day1'), { recursive: true });
    writeWav(join(folder, 'day1', 'a.wav'), { seconds: 0.5, frequencies: [300] });
    writeWav(join(folder, 'day1', 'b.wav'), { seconds: 0.5, channels: 2, frequencies: [310, 620] });
    writeFileSync(join(folder, 'notes.txt'), 'not audio');
    const csv = [
      'Call ID,Start Time,Direction,From,To,Agent,Campaign,Recording File,First Name,Email',
      'X-1,2026-10-02T10:00:00Z,inbound,(415) 555-0134,+14155550100,ana,spring,day1/a.wav,"Lee, Jr.",lee@example.com',
      'X-2,2026-10-02 11:30:00Z,outbound,+14155550100,415-555-0177,bo,spring,day1/b.wav,Kim,',
      'X-3,2026-10-02T12:00:00Z,inbound,+14155550199,+14155550100,ana,spring,day1/missing.wav,,',
      'X-4,2026-10-02T12:05:00Z,inbound,+14155550199,+14155550100,ana,spring,notes.txt,,',
      'X-5,2026-10-02T12:10:00Z,inbound,+14155550198,+14155550100,ana,spring,,,',
    ].join('\r\n');
    const csvPath = join(tmp.path, 'log.csv');
    writeFileSync(csvPath, '\uFEFF' + csv + '\r\n');
    const dbPath = join(tmp.path, 'callrank.db');
    const env = { CALLRANK_RECORDINGS_DIR: join(tmp.path, 'store') };
    const first = await runCliAsync(['sync', 'csv', csvPath, folder, '--db', dbPath], env);
    expect(first.stdout).toMatch(/read 5 rows: 2 added, 0 already synced, 1 without recording, 2 failed/);
    expect(first.stdout).toMatch(/row 4 \(X-3\): recording "day1\/missing.wav" not found/);
    expect(first.stdout).toMatch(/row 5 \(X-4\): recording "notes.txt" is not a supported audio type/);
    expect(first.code).toBe(1);
    const again = await runCliAsync(['sync', 'csv', csvPath, folder, '--db', dbPath], env);
    expect(again.stdout).toMatch(/read 5 rows: 0 added, 2 already synced/);

    const db = openDatabase(dbPath);
    cleanups.unshift(() => db.close());
    const calls = db
      .prepare('SELECT c.external_id, c.direction, c.from_number, c.to_number, c.agent, c.call_start_time, l.phone_number, l.first_name, l.email FROM calls c JOIN leads l USING (lead_id) ORDER BY external_id')
      .all();
    expect(calls).toEqual([
      { external_id: 'X-1', direction: 'inbound', from_number: '+14155550134', to_number: '+14155550100', agent: 'ana', call_start_time: '2026-10-02T10:00:00.000Z', phone_number: '+14155550134', first_name: 'Lee, Jr.', email: 'lee@example.com' },
      { external_id: 'X-2', direction: 'outbound', from_number: '+14155550100', to_number: '+14155550177', agent: 'bo', call_start_time: '2026-10-02T11:30:00.000Z', phone_number: '+14155550177', first_name: 'Kim', email: null },
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 2 });
  });

  it('a row whose recording is the same audio as a stored call leaves no copy or sidecar in the store', async () => {
    const tmp = tempDir('cr-csv-dup-');
    cleanups.push(tmp.cleanup);
    const folder = join(tmp.path, 'export');
    mkdirSync(folder, { recursive: true });
    writeWav(join(folder, 'a.wav'), { seconds: 0.5, frequencies: [300] });
    copyFileSync(join(folder, 'a.wav'), join(folder, 'a-again.wav'));
    const csvPath = join(tmp.path, 'log.csv');
    writeFileSync(
      csvPath,
      [
        'Call ID,Start Time,Direction,From,To,Recording File',
        'D-1,2026-10-02T10:00:00Z,inbound,+14155550134,+14155550100,a.wav',
        'D-2,2026-10-02T11:00:00Z,inbound,+14155550135,+14155550100,a-again.wav',
      ].join('\n') + '\n',
    );
    const store = join(tmp.path, 'store');
    const r = await runCliAsync(['sync', 'csv', csvPath, folder, '--db', join(tmp.path, 'callrank.db')], { CALLRANK_RECORDINGS_DIR: store });
    expect(r.stdout).toMatch(/read 2 rows: 2 added/);
    // D-2 became D-1's call (same audio); only D-1's copy and sidecar stay in the store.
    expect(readdirSync(join(store, 'csv')).sort()).toEqual(['D-1.json', 'D-1.wav']);
  });
});
