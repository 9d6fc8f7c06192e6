import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listBackups } from '../../../electron/backup/scheduled-backups';
import { checkBackupFile } from '../../../electron/backup/restore-database';
import { openDatabase } from '../../../electron/db/open';
import { rememberRecordingFolder } from '../../../electron/ingest/recording-folders';
import { writeDataSafetySettings } from '../../../electron/maintenance/data-safety-settings';
import { recentMaintenance } from '../../../electron/maintenance/maintenance-jobs';
import { queueDueMaintenance, runQueuedMaintenance } from '../../../electron/maintenance/run-maintenance';
import { tempDir } from '../../fixtures/temp';
import { writeWav } from '../../fixtures/wav';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const DAY = 86_400_000;
const NOW = new Date('2026-12-01T12:00:00Z');

function setup() {
  const tmp = tempDir('cr-retain-');
  cleanups.push(tmp.cleanup);
  const dbPath = join(tmp.path, 'callrank.db');
  const db = openDatabase(dbPath);
  cleanups.unshift(() => db.close());
  return { tmp, dbPath, db };
}

describe('retention rules, run as jobs', () => {
  it('deletes audio after N days and transcripts after M, keeps scores and outcomes, and reports what it did', async () => {
    const { tmp, dbPath, db } = setup();
    const folder = join(tmp.path, 'rec');
    mkdirSync(folder);
    rememberRecordingFolder(db, folder);
    const outside = join(tmp.path, 'elsewhere');
    mkdirSync(outside);
    db.prepare(`INSERT INTO leads (lead_id, outcome, created_at, updated_at) VALUES ('L1', 'converted', 't', 't')`).run();
    db.prepare(`INSERT INTO outcomes (lead_id, new_value, recorded_by, recorded_at) VALUES ('L1', 'converted', 'me', 't')`).run();
    db.prepare(`INSERT INTO rubrics (rubric_id, kind, version, name, definition, active, created_at) VALUES (1, 'lead', 1, 'r', '{}', 1, 't')`).run();
    const call = db.prepare(
      `INSERT INTO calls (call_id, lead_id, call_start_time, recording_path, transcript, transcript_text, created_at, updated_at) VALUES (?, 'L1', ?, ?, '{"segments":[]}', ?, 't', 't')`,
    );
    const ages = { old: 100, middle: 40, fresh: 5, busy: 100, foreign: 100 };
    for (const [name, days] of Object.entries(ages)) {
      const path = join(name === 'foreign' ? outside : folder, `${name}.wav`);
      writeWav(path, { seconds: 0.2, frequencies: [300 + days] });
      call.run(name, new Date(NOW.getTime() - days * DAY).toISOString(), path, `words of the ${name} call`);
      db.prepare(`INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, outcomes, scored_at) VALUES (?, 'lead', 1, 70, 'warm', 1, '', 't')`).run(name);
    }
    // A call still in the pipeline keeps what the pipeline works on.
    db.prepare(`INSERT INTO jobs (call_id, stage, state, created_at, updated_at) VALUES ('busy', 'transcribe', 'queued', 't', 't')`).run();
    writeDataSafetySettings(db, { audioDays: 30, transcriptDays: 60 });

    expect(queueDueMaintenance(db, NOW)).toHaveLength(1);
    // Rows before they run: the retention job is queued, not done.
    expect(recentMaintenance(db, 'retention')).toEqual([expect.objectContaining({ state: 'queued', trigger: 'schedule' })]);
    const ran = await runQueuedMaintenance(db, { dbPath, now: () => NOW });
    expect(ran).toEqual([
      expect.objectContaining({
        kind: 'retention',
        state: 'done',
        result: expect.objectContaining({ audioDeleted: 2, audioLeftInPlace: 1, transcriptsDeleted: 2, quotesRemoved: 2 }),
      }),
    ]);
    const rows = db.prepare('SELECT call_id, recording_path IS NOT NULL AS audio, transcript_text IS NOT NULL AS text FROM calls ORDER BY call_id').all();
    expect(rows).toEqual([
      { call_id: 'busy', audio: 1, text: 1 },
      { call_id: 'foreign', audio: 0, text: 0 },
      { call_id: 'fresh', audio: 1, text: 1 },
      { call_id: 'middle', audio: 0, text: 1 },
      { call_id: 'old', audio: 0, text: 0 },
    ]);
    for (const [name, kept] of [['old', false], ['middle', false], ['fresh', true], ['busy', true]] as const) expect(existsSync(join(folder, `${name}.wav`))).toBe(kept);
    // Not CallRank's to delete: outside every recordings folder.
    expect(existsSync(join(outside, 'foreign.wav'))).toBe(true);
    expect(db.prepare('SELECT COUNT(*) FROM scores WHERE score = 70').pluck().get()).toBe(5);
    // Explanations are built when read and show no quotes of a deleted transcript
    // (tests/integration/scoring/store-and-rescore.test.ts); the scores stay.
    expect(db.prepare('SELECT COUNT(*) FROM outcomes').pluck().get()).toBe(1);
    expect(db.prepare(`SELECT COUNT(*) FROM transcript_fts WHERE transcript_fts MATCH 'old'`).pluck().get()).toBe(0);
    expect(readFileSync(dbPath).includes(Buffer.from('words of the old call'))).toBe(false);
    expect(existsSync(`${dbPath}-wal`) && readFileSync(`${dbPath}-wal`).includes(Buffer.from('words of the old call'))).toBe(false);
    // Not due again the same day.
    expect(queueDueMaintenance(db, new Date(NOW.getTime() + 3_600_000))).toEqual([]);
  });
});

describe('scheduled backups', () => {
  it('are queued when due, keep the last N, and are listed with their size and time', async () => {
    const { tmp, dbPath, db } = setup();
    const folder = join(tmp.path, 'my-backups');
    writeDataSafetySettings(db, { backupFolder: folder, backupEveryHours: 6, backupKeep: 2 });
    // Someone's own file in the folder is never counted or removed.
    mkdirSync(folder);
    writeFileSync(join(folder, 'callrank-mine.db'), 'not ours');
    let at = NOW.getTime();
    for (let i = 0; i < 4; i++) {
      db.prepare(`INSERT INTO leads (lead_id, created_at, updated_at) VALUES (?, 't', 't')`).run(`L${i}`);
      expect(queueDueMaintenance(db, new Date(at))).toHaveLength(1);
      const [job] = await runQueuedMaintenance(db, { dbPath, now: () => new Date(at) });
      expect(job).toMatchObject({ kind: 'backup', state: 'done' });
      // Due only once the interval has passed since the last one finished.
      expect(queueDueMaintenance(db, new Date(Date.now() + 3_600_000))).toEqual([]);
      at += 7 * 3_600_000;
      db.prepare(`UPDATE maintenance_jobs SET finished_at = ? WHERE job_id = ?`).run(new Date(at - 6.5 * 3_600_000).toISOString(), job?.jobId);
    }
    const kept = listBackups(folder);
    expect(kept.map((b) => b.name)).toEqual(['callrank-20261202T090000Z.db', 'callrank-20261202T020000Z.db']);
    for (const b of kept) expect(b.bytes).toBeGreaterThan(0);
    expect(checkBackupFile(kept[0]?.path ?? '')).toMatchObject({ leads: 4 });
    expect(existsSync(join(folder, 'callrank-mine.db'))).toBe(true);
  });
});
