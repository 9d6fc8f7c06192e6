import type { Db } from '../db/open';
import type { RedactionView } from '../../shared/api/redaction';
import { transcriptSchema } from '../../shared/transcript';
import { analyseAndStoreCall } from '../analysis/analyse-and-store';
import { analysisTrackers } from '../trackers/team/team-tracker-store';
import { scoreAndStoreCall } from '../scoring/score-and-store';
import { purgeFreedSpace } from '../erasure/purge-freed-space';
import { deleteOriginal, prepareRecording, storedTranscript } from './store-redacted';

/**
 * Applies the redaction settings to calls stored before (a kind turned on, or a database from
 * before redaction at rest): a run is a row first, walks the calls in rowid order and records
 * where it got to with each call it writes, so a run cut short resumes where it stopped. At the
 * end the freed space is purged (purgeFreedSpace: FTS5 keeps a deleted row's words in older
 * segments until a merge, free pages and the WAL keep old page images), so the originals are in
 * neither the database file nor its WAL.
 */

const BATCH = 25;

interface RunRow {
  run_id: number;
  state: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  redacted: number;
  after_rowid: number;
  last_error: string | null;
  finished_at: string | null;
}

export function queueBackfill(db: Db): number {
  const total = (db.prepare('SELECT COUNT(*) FROM calls WHERE transcript IS NOT NULL').pluck().get() as number) ?? 0;
  // A newer run covers everything a queued one would: one waiting run at most.
  db.prepare(`DELETE FROM redaction_runs WHERE state = 'queued'`).run();
  return Number(db.prepare(`INSERT INTO redaction_runs (state, total, created_at) VALUES ('queued', ?, ?)`).run(total, new Date().toISOString()).lastInsertRowid);
}

export function lastRun(db: Db): RedactionView['lastRun'] {
  const r = db.prepare('SELECT * FROM redaction_runs ORDER BY run_id DESC LIMIT 1').get() as RunRow | undefined;
  if (!r) return null;
  return { runId: r.run_id, state: r.state, total: r.total, done: r.done, redacted: r.redacted, error: r.last_error, finishedAt: r.finished_at };
}

interface CallRow {
  rowid: number;
  call_id: string;
  transcript: string;
  recording_path: string | null;
  analysed: number;
}

async function runOne(db: Db, run: RunRow, signal?: AbortSignal): Promise<void> {
  db.prepare(`UPDATE redaction_runs SET state = 'running' WHERE run_id = ?`).run(run.run_id);
  const next = db.prepare('SELECT rowid, call_id, transcript, recording_path, features IS NOT NULL AS analysed FROM calls WHERE rowid > ? AND transcript IS NOT NULL ORDER BY rowid LIMIT ?');
  const progress = db.prepare('UPDATE redaction_runs SET done = done + 1, redacted = redacted + ?, after_rowid = ? WHERE run_id = ?');
  const write = db.prepare('UPDATE calls SET transcript = ?, transcript_text = ?, recording_path = ?, updated_at = ? WHERE call_id = ?');
  let after = run.after_rowid;
  for (;;) {
    const calls = next.all(after, BATCH) as CallRow[];
    if (calls.length === 0) break;
    for (const call of calls) {
      if (signal?.aborted) return;
      const stored = storedTranscript(db, transcriptSchema.parse(JSON.parse(call.transcript)));
      const recording = stored.count > 0 ? await prepareRecording(db, call.call_id, call.recording_path, stored.times, signal) : null;
      db.transaction(() => {
        if (recording) {
          write.run(stored.json, stored.text, recording.path, new Date().toISOString(), call.call_id);
          // Features and scores quote the transcript (keyphrases, evidence): made again from the redacted one.
          if (call.analysed) {
            analyseAndStoreCall(db, call.call_id, analysisTrackers(db));
            scoreAndStoreCall(db, call.call_id);
          }
        }
        progress.run(recording ? 1 : 0, call.rowid, run.run_id);
        if (recording) deleteOriginal(recording);
      })();
      after = call.rowid;
    }
  }
  // Replaced text must not linger: merged index, free pages zeroed, WAL emptied (the one purge erasure uses too).
  if (!db.memory) purgeFreedSpace(db);
  db.prepare(`UPDATE redaction_runs SET state = 'done', finished_at = ? WHERE run_id = ?`).run(new Date().toISOString(), run.run_id);
}

/** Runs every queued (or interrupted) run to its end; a failure is kept on the run's row with its reason. */
export async function runBackfill(db: Db, signal?: AbortSignal): Promise<void> {
  for (;;) {
    const run = db.prepare(`SELECT * FROM redaction_runs WHERE state IN ('queued', 'running') ORDER BY run_id LIMIT 1`).get() as RunRow | undefined;
    if (!run || signal?.aborted) return;
    try {
      await runOne(db, run, signal);
    } catch (err) {
      db.prepare(`UPDATE redaction_runs SET state = 'failed', last_error = ?, finished_at = ? WHERE run_id = ?`).run((err as Error).message, new Date().toISOString(), run.run_id);
    }
    if (signal?.aborted) return;
  }
}
