import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { watchRecordings } from '../../../electron/ingest/watcher';
import type { IngestOutcome } from '../../../electron/ingest/ingest-file';
import { makeRecordingsFolder } from '../../fixtures/recordings-folder';
import { tempDir } from '../../fixtures/temp';
import { wavBytes, writeWav } from '../../fixtures/wav';

const temps: { cleanup(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('watching a recordings folder', () => {
  it('catches files already there at start-up, then new ones, each once, and only when fully written', async () => {
    const t = tempDir('cr-watch-');
    temps.push(t);
    const folder = join(t.path, 'rec');
    makeRecordingsFolder(folder, 3);
    const db = openDatabase(join(t.path, 'x.db'));
    const outcomes: IngestOutcome[] = [];
    const watcher = watchRecordings(db, folder, { stabilityMs: 400, onOutcome: (o) => outcomes.push(o) });
    await watcher.ready;
    const calls = (): number => (db.prepare('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n;
    await until(() => calls() === 3, 'the start-up scan');

    // A recording written in pieces: it must not be taken half-written.
    const slow = join(folder, 'slow.wav');
    const full = wavBytes({ seconds: 2, frequencies: [777] });
    writeFileSync(slow, full.subarray(0, 1000));
    for (let off = 1000; off < full.length; off += 8000) {
      await new Promise((r) => setTimeout(r, 100));
      appendFileSync(slow, full.subarray(off, off + 8000));
    }
    await until(() => calls() === 4, 'the slowly written file');
    expect(outcomes.filter((o) => o.kind === 'rejected')).toEqual([]);
    const row = db.prepare(`SELECT call_duration FROM calls WHERE recording_path = ?`).get(slow) as { call_duration: number };
    expect(row.call_duration).toBeCloseTo(2, 1);

    // A rename is the same recording: nothing new.
    renameSync(slow, join(folder, 'renamed.wav'));
    writeWav(join(folder, 'fresh.wav'), { seconds: 0.5, frequencies: [888] });
    await until(() => calls() === 5, 'the fresh file');
    await until(() => outcomes.some((o) => o.kind === 'duplicate' && o.path.endsWith('renamed.wav')), 'the renamed file');
    expect(calls()).toBe(5);
    await watcher.close();
    db.close();
  });

  it('takes a rejected recording again once its sidecar is fixed', async () => {
    const t = tempDir('cr-watch2-');
    temps.push(t);
    const db = openDatabase(join(t.path, 'x.db'));
    writeFileSync(join(t.path, 'a.json'), '{broken');
    writeWav(join(t.path, 'a.wav'), { seconds: 0.5, frequencies: [999] });
    const outcomes: IngestOutcome[] = [];
    const watcher = watchRecordings(db, t.path, { stabilityMs: 200, onOutcome: (o) => outcomes.push(o) });
    await watcher.ready;
    await until(() => outcomes.some((o) => o.kind === 'rejected'), 'the rejection');
    writeFileSync(join(t.path, 'a.json'), JSON.stringify({ from: '+1 415 555 0199', direction: 'inbound' }));
    await until(() => outcomes.some((o) => o.kind === 'added'), 'the re-ingest');
    expect(db.prepare('SELECT phone_number FROM leads').all()).toEqual([{ phone_number: '+14155550199' }]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM ingest_rejections').get()).toEqual({ n: 0 });
    await watcher.close();
    db.close();
  });
});
