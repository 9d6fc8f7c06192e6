import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../../electron/backup/backup-database';
import { checkBackupFile, restoreDatabase } from '../../../electron/backup/restore-database';
import { openDatabase } from '../../../electron/db/open';
import { saveReview } from '../../../electron/review/manual-reviews';
import { runCli, spawnCli } from '../../fixtures/cli';
import { makeSpeechSlices } from '../../fixtures/speech-slices';
import { tempDir } from '../../fixtures/temp';

const FILES = 8;

type Rows = Record<string, unknown>[];
function read(path: string): { calls: Rows; scores: Rows; reviews: Rows; jobs: Rows } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return {
      calls: db.prepare('SELECT call_id, lead_id, recording_hash, transcript_text, features FROM calls ORDER BY call_id').all() as Rows,
      scores: db.prepare('SELECT call_id, kind, score, band, outcomes FROM scores ORDER BY call_id, kind').all() as Rows,
      reviews: db.prepare('SELECT review_uuid, call_id, total_score, notes FROM manual_reviews ORDER BY review_uuid').all() as Rows,
      jobs: db.prepare('SELECT call_id, stage, state FROM jobs ORDER BY call_id').all() as Rows,
    };
  } finally {
    db.close();
  }
}

describe('backup and restore while a run is processing calls', () => {
  const tmp = tempDir('cr-backup-');
  afterAll(() => tmp.cleanup());

  it('the backup is a consistent moment of the run; restored, it passes its integrity check and holds the same calls, scores and reviews', async () => {
    const folder = join(tmp.path, 'calls');
    const dbPath = join(tmp.path, 'callrank.db');
    makeSpeechSlices(folder, FILES, 1);
    expect(runCli(['ingest', folder, '--db', dbPath]).code).toBe(0);

    // Reviews of two calls, written before the backup by this process (as the app would).
    const db = openDatabase(dbPath);
    const callIds = db.prepare('SELECT call_id FROM calls ORDER BY call_id').pluck().all() as string[];
    for (const callId of callIds.slice(0, 2)) saveReview(db, { callId, reviewer: 'qa-lead', criterionScores: {}, notes: `checked ${callId}` });

    const child = spawnCli(['run', '--db', dbPath, '--concurrency', '2']);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // Back up once the run has scored some calls and not all: its writes go on during the copy.
    for (;;) {
      await new Promise((r) => setTimeout(r, 25));
      const scored = db.prepare(`SELECT COUNT(DISTINCT call_id) FROM scores`).pluck().get() as number;
      if (scored >= 2) break;
    }
    const backupPath = join(tmp.path, 'backups', 'mid-run.db');
    const made = await backupDatabase(db, backupPath, { stepPages: 4 });
    const atBackup = read(backupPath);
    expect(await exited).toBe(0);
    const after = read(dbPath);
    db.close();

    expect(made.bytes).toBeGreaterThan(0);
    expect(checkBackupFile(backupPath)).toMatchObject({ calls: FILES });
    // Taken mid-run: some calls scored, not all.
    const scoredInBackup = new Set(atBackup.scores.map((s) => s.call_id)).size;
    expect(scoredInBackup).toBeGreaterThan(0);
    expect(scoredInBackup).toBeLessThan(FILES);
    // Consistent: every call whose job is done has its scores and transcript; no score without a done job.
    const done = new Set(atBackup.jobs.filter((j) => j.stage === 'done').map((j) => j.call_id));
    expect(new Set(atBackup.scores.map((s) => s.call_id))).toEqual(done);
    for (const c of atBackup.calls) if (done.has(c.call_id)) expect(c.transcript_text).toEqual(expect.any(String));
    // What the backup holds is what the database held: the same calls, reviews, and the scores it had by then.
    expect(atBackup.calls.map((c) => c.call_id)).toEqual(after.calls.map((c) => c.call_id));
    expect(atBackup.reviews).toEqual(after.reviews);
    expect(atBackup.reviews).toHaveLength(2);
    for (const s of atBackup.scores) expect(after.scores).toContainEqual(s);

    // Restore it over the finished database: the backup's moment comes back whole.
    const restored = await restoreDatabase(backupPath, dbPath);
    expect(restored.previous && existsSync(restored.previous)).toBeTruthy();
    const back = new Database(dbPath, { readonly: true });
    expect(back.pragma('integrity_check', { simple: true })).toBe('ok');
    back.close();
    expect(read(dbPath)).toEqual(atBackup);
    // The restored database carries on: the run finishes the calls the backup had not.
    expect(runCli(["run", "--db", dbPath]).stdout).toMatch(new RegExp(`finished: ${FILES} done, 0 failed, 0 unfinished`));
  }, 600_000);

  it('a backup killed midway leaves the previous backup intact, and the next one clears the partial copy', async () => {
    const dbPath = join(tmp.path, 'big.db');
    const db = openDatabase(dbPath);
    const insert = db.prepare(`INSERT INTO leads (lead_id, first_name, attributes, created_at, updated_at) VALUES (?, ?, ?, 't', 't')`);
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run(`L${i}`, `Name ${i}`, JSON.stringify({ note: 'x'.repeat(1000) }));
    })();
    const target = join(tmp.path, 'kept', 'callrank-backup.db');
    await backupDatabase(db, target);
    db.prepare(`INSERT INTO leads (lead_id, first_name, created_at, updated_at) VALUES ('NEW', 'After the first backup', 't', 't')`).run();
    db.close();

    const child = spawnCli(['backup', target, '--db', dbPath, '--step-pages', '1', '--progress']);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, signal) => r(signal)));
    // Stopped at its first progress line (it has thousands of pages to go), then killed.
    await new Promise<void>((r) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('copied')) {
          child.kill('SIGSTOP');
          r();
        }
      });
    });
    const partials = readdirSync(join(tmp.path, 'kept')).filter((n) => n.includes('.partial-'));
    expect(partials.length).toBeGreaterThan(0);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // The previous backup: intact, without the lead added after it.
    expect(checkBackupFile(target)).toMatchObject({ leads: 3000 });
    const old = new Database(target, { readonly: true });
    expect(old.prepare(`SELECT COUNT(*) FROM leads WHERE lead_id = 'NEW'`).pluck().get()).toBe(0);
    old.close();

    const again = runCli(['backup', target, '--db', dbPath]);
    expect(again.code).toBe(0);
    expect(checkBackupFile(target)).toMatchObject({ leads: 3001 });
    expect(readdirSync(join(tmp.path, 'kept'))).toEqual(['callrank-backup.db']);
  }, 120_000);

  it('restore refuses a file that is not a CallRank database, a newer schema and a damaged file, and keeps the database', async () => {
    const dbPath = join(tmp.path, 'keep.db');
    const db = openDatabase(dbPath);
    db.prepare(`INSERT INTO leads (lead_id, created_at, updated_at) VALUES ('KEEP', 't', 't')`).run();
    db.close();

    const text = join(tmp.path, 'notes.txt');
    writeFileSync(text, 'these are not the calls you are looking for\n'.repeat(20));
    const r1 = runCli(['restore', text, '--db', dbPath]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/is not a CallRank backup: it is not an SQLite database/);

    const other = join(tmp.path, 'other.sqlite');
    const o = new Database(other);
    o.exec('CREATE TABLE recipes (name TEXT)');
    o.close();
    expect(runCli(['restore', other, '--db', dbPath]).stderr).toMatch(/is not a CallRank backup: it has no leads, calls, jobs, recording_files table/);

    const newer = join(tmp.path, 'newer.db');
    const source = openDatabase(dbPath, { readonly: true });
    await backupDatabase(source, newer);
    source.close();
    const n = new Database(newer);
    n.pragma('user_version = 99999');
    n.close();
    expect(runCli(['restore', newer, '--db', dbPath]).stderr).toMatch(/schema version 99999.*newer CallRank/);

    // A backup with a page overwritten: it opens, but its integrity check fails.
    const damaged = join(tmp.path, 'damaged.db');
    const d0 = openDatabase(dbPath, { readonly: true });
    await backupDatabase(d0, damaged);
    d0.close();
    const bytes = readFileSync(damaged);
    const pageSize = bytes.readUInt16BE(16);
    const leadsRoot = (() => {
      const probe = new Database(damaged, { readonly: true });
      const root = probe.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'leads'`).pluck().get() as number;
      probe.close();
      return root;
    })();
    bytes.fill(0xa5, (leadsRoot - 1) * pageSize + 8, leadsRoot * pageSize);
    writeFileSync(damaged, bytes);
    const r5 = runCli(['restore', damaged, '--db', dbPath]);
    expect(r5.code).toBe(1);
    expect(r5.stderr).toMatch(/damaged \(integrity check|malformed/);

    const older = join(tmp.path, 'older.db');
    const o2 = openDatabase(older, { targetVersion: 90 });
    o2.prepare(`INSERT INTO leads (lead_id, created_at, updated_at) VALUES ('OLD', 't', 't')`).run();
    o2.close();
    const r4 = runCli(['restore', older, '--db', dbPath]);
    expect(r4.stdout).toMatch(/restored 0 calls and 1 leads .*migrated from schema 90/);
    const now = new Database(dbPath, { readonly: true });
    expect(now.prepare('SELECT lead_id FROM leads').pluck().all()).toEqual(['OLD']);
    now.close();
    // The database it replaced is kept beside it.
    const aside = readdirSync(tmp.path).filter((f) => f.startsWith('keep.db.before-restore-'));
    expect(aside).toHaveLength(1);
    const kept = new Database(join(tmp.path, aside[0] ?? ''), { readonly: true });
    expect(kept.prepare('SELECT lead_id FROM leads').pluck().all()).toEqual(['KEEP']);
    kept.close();
  }, 120_000);
});
