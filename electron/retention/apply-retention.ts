import { existsSync, rmSync } from 'node:fs';
import type { Db } from '../db/open';
import { purgeFreedSpace } from '../erasure/purge-freed-space';
import { recordingAccess } from '../ingest/recording-folders';
import type { DataSafetySettings } from '../maintenance/data-safety-settings';
import { stripTranscriptQuotes } from './strip-quotes';

export interface RetentionReport {
  audioBefore: string | null;
  transcriptsBefore: string | null;
  audioDeleted: number;
  /** Recordings outside every recordings folder: not CallRank's to delete; the call forgets them all the same. */
  audioLeftInPlace: number;
  transcriptsDeleted: number;
  /** Scores whose evidence quotes went with the transcript (their points stay). */
  quotesRemoved: number;
}

const DAY_MS = 86_400_000;

/**
 * Applies the retention rules: audio of calls older than `audioDays` and transcripts of calls
 * older than `transcriptDays` are deleted (with the quotes of them in score evidence); scores,
 * outcomes, reviews and the call's measured features are kept, so the queue, reports and the model go on as before. A call still in the
 * pipeline is left until it is done (its audio and transcript are what the pipeline works on).
 * The bytes go from the database file too (purge-freed-space.ts).
 */
export function applyRetention(db: Db, rules: Pick<DataSafetySettings, 'audioDays' | 'transcriptDays'>, now = new Date()): RetentionReport {
  const cutoff = (days: number | null): string | null => (days ? new Date(now.getTime() - days * DAY_MS).toISOString() : null);
  const report: RetentionReport = {
    audioBefore: cutoff(rules.audioDays),
    transcriptsBefore: cutoff(rules.transcriptDays),
    audioDeleted: 0,
    audioLeftInPlace: 0,
    transcriptsDeleted: 0,
    quotesRemoved: 0,
  };
  const finished = `NOT EXISTS (SELECT 1 FROM jobs j WHERE j.call_id = calls.call_id AND j.state IN ('queued', 'running', 'paused'))`;
  const when = `COALESCE(call_start_time, created_at)`;
  if (report.audioBefore) {
    const due = db
      .prepare(`SELECT call_id, recording_path FROM calls WHERE recording_path IS NOT NULL AND ${when} < ? AND ${finished}`)
      .all(report.audioBefore) as { call_id: string; recording_path: string }[];
    const forget = db.prepare(`UPDATE calls SET recording_path = NULL, updated_at = ? WHERE call_id = ?`);
    for (const c of due) {
      const access = recordingAccess(db, c.recording_path);
      if (access.ok) {
        rmSync(access.path, { force: true });
        report.audioDeleted++;
      } else if (existsSync(c.recording_path)) report.audioLeftInPlace++;
      forget.run(now.toISOString(), c.call_id);
    }
  }
  if (report.transcriptsBefore) {
    // The full-text index follows by its update trigger (migration 0040).
    const gone = db
      .prepare(
        `UPDATE calls SET transcript = NULL, transcript_text = NULL, updated_at = ?
          WHERE (transcript IS NOT NULL OR transcript_text IS NOT NULL) AND ${when} < ? AND ${finished}
          RETURNING call_id`,
      )
      .pluck()
      .all(now.toISOString(), report.transcriptsBefore) as string[];
    report.transcriptsDeleted = gone.length;
    report.quotesRemoved = stripTranscriptQuotes(db, gone);
  }
  if (report.transcriptsDeleted > 0 && !db.memory) purgeFreedSpace(db);
  return report;
}
