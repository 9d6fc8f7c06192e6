import { appendFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRecordingsFolder } from '../../fixtures/recordings-folder';
import { runCli, spawnCli } from '../../fixtures/cli';
import { tempDir } from '../../fixtures/temp';
import { wavBytes, writeWav } from '../../fixtures/wav';

interface Status {
  calls: number;
  jobs: Record<string, number>;
  failed: { file: string; stage: string; reason: string }[];
}

function snapshot(dbPath: string): unknown {
  const db = new Database(dbPath, { readonly: true });
  try {
    return {
      leads: db.prepare('SELECT * FROM leads ORDER BY lead_id').all(),
      calls: db.prepare('SELECT * FROM calls ORDER BY call_id').all(),
    };
  } finally {
    db.close();
  }
}

describe('a folder of bad input beside good recordings', () => {
  const tmp = tempDir('cr-bad-');
  const folder = join(tmp.path, 'in');
  const db = join(tmp.path, 'callrank.db');
  const growing = join(folder, 'bad-growing.wav');
  let before: unknown;
  let status: Status;
  let writerDone: Promise<void>;
  // Exit codes and output of the set-up commands, checked by the first test: a check inside
  // beforeAll would only mark the tests below "skipped".
  const setUp = { firstIngest: -1, firstRun: -1, badIngest: -1, badIngestOut: '', secondRun: -1 };

  beforeAll(async () => {
    makeRecordingsFolder(join(folder, 'good'), 5, { seconds: 0.5 });
    setUp.firstIngest = runCli(['ingest', folder, '--db', db]).code;
    setUp.firstRun = runCli(['run', '--db', db]).code;
    before = snapshot(db);

    makeRecordingsFolder(join(folder, 'good-later'), 3, { seconds: 0.6, firstIndex: 100 });
    writeFileSync(join(folder, 'good-later', 'x.tmp'), 'not a recording');
    const mk = (name: string): string => join(folder, 'bad-' + name);
    writeFileSync(mk('empty.wav'), Buffer.alloc(0));
    writeFileSync(mk('truncated.wav'), wavBytes({ seconds: 2, frequencies: [300] }).subarray(0, 5000));
    writeFileSync(mk('notes.mp3'), 'These are meeting notes, not audio.\n'.repeat(20));
    writeWav(mk('badjson.wav'), { seconds: 0.5, frequencies: [510] });
    writeFileSync(mk('badjson.json'), '{"external_id": "CA1", "direction": "inbound",');
    writeWav(mk('latin1.wav'), { seconds: 0.5, frequencies: [520] });
    writeFileSync(mk('latin1.json'), Buffer.from('{"agent": "Jos\xe9"}', 'latin1'));
    writeWav(mk('baddate.wav'), { seconds: 0.5, frequencies: [530] });
    writeFileSync(mk('baddate.json'), JSON.stringify({ started_at: '2026-02-30T10:00:00Z' }));
    writeWav(mk('silent-hour.wav'), { seconds: 3600, frequencies: [0] });

    // A recording still arriving while ingest runs: it grows every 200 ms.
    const full = wavBytes({ seconds: 8, frequencies: [540] });
    writeFileSync(growing, full.subarray(0, 44 + 4000));
    let offset = 44 + 4000;
    writerDone = new Promise<void>((done) => {
      const timer = setInterval(() => {
        if (offset >= full.length) {
          clearInterval(timer);
          return done();
        }
        appendFileSync(growing, full.subarray(offset, offset + 4000));
        offset += 4000;
      }, 200);
    });
    const ingest = spawnCli(['ingest', folder, '--db', db]);
    let out = '';
    ingest.stdout.on('data', (d: Buffer) => (out += d.toString()));
    setUp.badIngest = await new Promise<number>((r) => ingest.on('close', (c) => r(c ?? -1)));
    setUp.badIngestOut = out;
    setUp.secondRun = runCli(['run', '--db', db]).code;
    status = JSON.parse(runCli(['status', '--json', '--db', db]).stdout) as Status;
  });
  afterAll(() => tmp.cleanup());

  it('ingests and runs the good folder, then reports the bad items with exit code 1', () => {
    expect(setUp.firstIngest).toBe(0);
    expect(setUp.firstRun).toBe(0);
    expect(setUp.badIngestOut).toMatch(/found 16 recordings: 4 added/);
    expect(setUp.badIngest).toBe(1);
    expect(setUp.secondRun).toBe(0);
  });

  const reasonFor = (suffix: string): string | undefined => status.failed.find((f) => f.file.endsWith(suffix))?.reason;

  it('gives each bad item a specific reason', () => {
    expect(reasonFor('bad-empty.wav')).toBe('empty file (0 bytes)');
    expect(reasonFor('bad-truncated.wav')).toMatch(/^truncated WAV: the header declares 32000 bytes of audio but only 4956 are present/);
    expect(reasonFor('bad-notes.mp3')).toMatch(/^not an audio file/);
    expect(reasonFor('bad-badjson.wav')).toMatch(/^sidecar bad-badjson\.json is not valid JSON/);
    expect(reasonFor('bad-latin1.wav')).toBe('sidecar bad-latin1.json is not valid UTF-8 text');
    expect(reasonFor('bad-baddate.wav')).toMatch(/sidecar bad-baddate\.json: field "started_at" is not a real ISO 8601 date/);
    expect(reasonFor('bad-growing.wav')).toMatch(/still being written/);
    expect(status.failed.every((f) => f.stage === 'ingest')).toBe(true);
    expect(status.failed).toHaveLength(7);
  });

  it('processes the good files beside them, the silent hour included', () => {
    // 5 earlier + 3 later good calls + the silent hour.
    expect(status.calls).toBe(9);
    expect(status.jobs.done).toBe(9);
    expect(status.jobs.failed).toBe(0);
  });

  it('leaves what was already stored unchanged', () => {
    const after = snapshot(db) as { leads: unknown[]; calls: { call_id: string }[] };
    const prior = before as { leads: unknown[]; calls: { call_id: string }[] };
    const priorIds = new Set(prior.calls.map((c) => c.call_id));
    expect(after.calls.filter((c) => priorIds.has(c.call_id))).toEqual(prior.calls);
  });

  it('takes the growing file once it is complete', async () => {
    await writerDone;
    // Last written well before the settle window, so the file counts as finished (no sleep).
    const past = new Date(Date.now() - 60_000);
    utimesSync(growing, past, past);
    const again = runCli(['ingest', folder, '--db', db]);
    expect(again.stdout).toMatch(/1 added/);
    const s = JSON.parse(runCli(['status', '--json', '--db', db]).stdout) as Status;
    expect(s.failed.find((f) => f.file.endsWith('bad-growing.wav'))).toBeUndefined();
  });
});

describe('a sidecar that reuses another call\'s external_id', () => {
  const tmp = tempDir('cr-extid-');
  afterAll(() => tmp.cleanup());

  it('rejects the newcomer with the reason and keeps the stored call', () => {
    const db = join(tmp.path, 'x.db');
    writeWav(join(tmp.path, 'a.wav'), { seconds: 0.5, frequencies: [610] });
    writeFileSync(join(tmp.path, 'a.json'), JSON.stringify({ external_id: 'CA-same' }));
    expect(runCli(['ingest', tmp.path, '--db', db]).code).toBe(0);
    writeWav(join(tmp.path, 'b.wav'), { seconds: 0.5, frequencies: [620] });
    writeFileSync(join(tmp.path, 'b.json'), JSON.stringify({ external_id: 'CA-same' }));
    const again = runCli(['ingest', tmp.path, '--db', db]);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/rejected .*b\.wav: sidecar external_id "CA-same" already belongs to call C\w+ \(.*a\.wav\), whose audio differs/);
    const status = JSON.parse(runCli(['status', '--json', '--db', db]).stdout) as Status;
    expect(status.calls).toBe(1);
  });
});
