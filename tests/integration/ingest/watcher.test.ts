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

/** The watcher's outcomes as they come, and a wait for the moment they first satisfy a test. */
function outcomeLog(): { all: IngestOutcome[]; onOutcome(o: IngestOutcome): void; when(test: (all: IngestOutcome[]) => boolean): Promise<void> } {
  const all: IngestOutcome[] = [];
  let waiters: { test(all: IngestOutcome[]): boolean; resolve(): void }[] = [];
  return {
    all,
    onOutcome(o) {
      all.push(o);
      const met = waiters.filter((w) => w.test(all));
      waiters = waiters.filter((w) => !met.includes(w));
      met.forEach((w) => w.resolve());
    },
    when: (test) => new Promise<void>((resolve) => (test(all) ? resolve() : waiters.push({ test, resolve }))),
  };
}
const addedCount = (n: number) => (all: IngestOutcome[]) => all.filter((o) => o.kind === 'added').length >= n;

describe('watching a recordings folder', () => {
  it('catches files already there at start-up, then new ones, each once, and only when fully written', async () => {
    const t = tempDir('cr-watch-');
    temps.push(t);
    const folder = join(t.path, 'rec');
    makeRecordingsFolder(folder, 3);
    const db = openDatabase(join(t.path, 'x.db'));
    const log = outcomeLog();
    const outcomes = log.all;
    // The watcher's default: a file's size must hold still 2 s before it is taken.
    const watcher = watchRecordings(db, folder, { onOutcome: log.onOutcome });
    await watcher.ready;
    const calls = (): number => (db.prepare('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n;
    await log.when(addedCount(3));
    expect(calls()).toBe(3);

    // A recording written in pieces: it must not be taken half-written. A piece every 50 ms
    // against the 2 s the size must hold still: forty times the gap, so a loaded machine that
    // delays a piece does not make the file look finished.
    const slow = join(folder, 'slow.wav');
    const full = wavBytes({ seconds: 2, frequencies: [777] });
    writeFileSync(slow, full.subarray(0, 1000));
    for (let off = 1000; off < full.length; off += 4000) {
      await new Promise((r) => setTimeout(r, 50));
      appendFileSync(slow, full.subarray(off, off + 4000));
    }
    await log.when(addedCount(4));
    expect(calls()).toBe(4);
    expect(outcomes.filter((o) => o.kind === 'rejected')).toEqual([]);
    const row = db.prepare(`SELECT call_duration FROM calls WHERE recording_path = ?`).get(slow) as { call_duration: number };
    expect(row.call_duration).toBeCloseTo(2, 1);

    // A rename is the same recording: nothing new.
    renameSync(slow, join(folder, 'renamed.wav'));
    writeWav(join(folder, 'fresh.wav'), { seconds: 0.5, frequencies: [888] });
    await log.when(addedCount(5));
    await log.when((all) => all.some((o) => o.kind === 'duplicate' && o.path.endsWith('renamed.wav')));
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
    const log = outcomeLog();
    const watcher = watchRecordings(db, t.path, { stabilityMs: 200, onOutcome: log.onOutcome });
    await watcher.ready;
    await log.when((all) => all.some((o) => o.kind === 'rejected'));
    writeFileSync(join(t.path, 'a.json'), JSON.stringify({ from: '+1 415 555 0199', direction: 'inbound' }));
    await log.when((all) => all.some((o) => o.kind === 'added'));
    expect(db.prepare('SELECT phone_number FROM leads').all()).toEqual([{ phone_number: '+14155550199' }]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM ingest_rejections').get()).toEqual({ n: 0 });
    await watcher.close();
    db.close();
  });
});
