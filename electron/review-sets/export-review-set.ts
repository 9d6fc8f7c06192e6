import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { openDatabase, type Db } from '../db/open';
import { recordingAccess } from '../ingest/recording-folders';
import { REVIEW_SET_FORMAT, REVIEW_SET_TABLES } from './review-set-file';
import { recordReviewSetExport } from '../erasure/review-set-exports';

/** A request the export cannot carry out as asked (no calls, an unknown call, the file exists). */
export class ReviewSetExportError extends Error {
  override name = 'ReviewSetExportError';
}

export interface ExportResult {
  path: string;
  calls: number;
  audio: number;
  /** Calls exported without audio (their recording is missing, or refused: see audioNotPacked). */
  missingAudio: string[];
  /** Why each of missingAudio has no audio in the set. */
  audioNotPacked: { callId: string; reason: string }[];
}

/**
 * Writes the chosen calls as a review set (one SQLite file): everything a reviewer needs offline
 * — audio, transcripts, scores with evidence, overrides, existing manual reviews and the rubrics.
 * Rows are copied with INSERT … SELECT through ATTACH, so ids and timestamps stay exactly as they
 * are (merging back relies on review_uuid and updated_at). Nothing touches the network. Only
 * recordings inside the recordings folders are packed (recordingAccess), and no path of this
 * machine goes into the set: the recordings travel as bytes with their file names.
 */
export function exportReviewSet(
  db: Db,
  callIds: readonly string[],
  out: string,
  now = new Date(),
): ExportResult {
  if (callIds.length === 0) throw new ReviewSetExportError('choose at least one call for the review set');
  const known = db
    .prepare(`SELECT call_id FROM calls WHERE call_id IN (SELECT value FROM json_each(@ids))`)
    .pluck()
    .all({ ids: JSON.stringify(callIds) }) as string[];
  const unknown = callIds.filter((c) => !known.includes(c));
  if (unknown.length) throw new ReviewSetExportError(`no such call: ${unknown.join(', ')}`);
  if (existsSync(out)) throw new ReviewSetExportError(`${out} exists: choose a new file name`);

  // The set gets the full CallRank schema, so the app and every query work on it unchanged.
  openDatabase(out).close();
  const ids = JSON.stringify([...new Set(callIds)]);
  db.prepare('ATTACH DATABASE ? AS rs').run(out);
  let result: ExportResult;
  try {
    result = copyInto(db, ids, out, now);
  } catch (err) {
    db.prepare('DETACH DATABASE rs').run();
    rmSync(out, { force: true });
    throw err;
  }
  db.prepare('DETACH DATABASE rs').run();
  // One self-contained file: fold the set's WAL back in so nothing is left beside it.
  const set = openDatabase(out);
  set.pragma('wal_checkpoint(TRUNCATE)');
  set.pragma('journal_mode = DELETE');
  set.close();
  return result;
}

function copyInto(db: Db, ids: string, out: string, now: Date): ExportResult {
  db.transaction(() => {
    db.exec(REVIEW_SET_TABLES.replaceAll('EXISTS review_set', 'EXISTS rs.review_set'));
    const copy = (sql: string): void => void db.prepare(sql).run({ ids });
    copy(`INSERT INTO rs.rubrics SELECT * FROM main.rubrics WHERE active = 1 OR rubric_id IN (
            SELECT rubric_id FROM main.scores WHERE call_id IN (SELECT value FROM json_each(@ids))
            UNION SELECT rubric_id FROM main.manual_reviews WHERE call_id IN (SELECT value FROM json_each(@ids)))`);
    copy(
      `INSERT INTO rs.leads SELECT * FROM main.leads WHERE lead_id IN (SELECT lead_id FROM main.calls WHERE call_id IN (SELECT value FROM json_each(@ids)))`,
    );
    // Every column but where the recording lies on this machine (never written, so not left in a free page either).
    const columns = (db.prepare(`SELECT name FROM pragma_table_info('calls')`).pluck().all() as string[]).map(
      (c) => (c === 'recording_path' ? 'NULL' : `"${c}"`),
    );
    copy(
      `INSERT INTO rs.calls SELECT ${columns.join(', ')} FROM main.calls WHERE call_id IN (SELECT value FROM json_each(@ids))`,
    );
    copy(
      `INSERT INTO rs.scores SELECT * FROM main.scores WHERE call_id IN (SELECT value FROM json_each(@ids))`,
    );
    copy(
      `INSERT INTO rs.score_overrides SELECT * FROM main.score_overrides WHERE call_id IN (SELECT value FROM json_each(@ids))`,
    );
    copy(
      `INSERT INTO rs.manual_reviews SELECT * FROM main.manual_reviews WHERE call_id IN (SELECT value FROM json_each(@ids))`,
    );
    const info = db.prepare('INSERT INTO rs.review_set_info (key, value) VALUES (?, ?)');
    info.run('format', String(REVIEW_SET_FORMAT));
    const setId = randomUUID();
    info.run('set_id', setId);
    info.run('exported_at', now.toISOString());
    // The database's name, not where it lives on this machine.
    info.run('source', basename(db.name));
    info.run('calls', ids);
    // So erasing a person can name the sets that still hold their calls (erasure/review-set-exports.ts).
    recordReviewSetExport(db, { path: out, setId, exportedAt: now.toISOString(), callIds: ids });
  })();
  const recordings = db
    .prepare(`SELECT call_id, recording_path FROM main.calls WHERE call_id IN (SELECT call_id FROM rs.calls)`)
    .all() as {
    call_id: string;
    recording_path: string | null;
  }[];
  const putAudio = db.prepare('INSERT INTO rs.review_set_audio (call_id, file_name, bytes) VALUES (?, ?, ?)');
  const audioNotPacked: ExportResult['audioNotPacked'] = [];
  let audio = 0;
  for (const r of recordings) {
    const access = recordingAccess(db, r.recording_path);
    if (!access.ok) {
      audioNotPacked.push({ callId: r.call_id, reason: access.reason });
      continue;
    }
    putAudio.run(r.call_id, basename(r.recording_path ?? access.path), readFileSync(access.path));
    audio++;
  }
  return {
    path: out,
    calls: recordings.length,
    audio,
    missingAudio: audioNotPacked.map((m) => m.callId),
    audioNotPacked,
  };
}
