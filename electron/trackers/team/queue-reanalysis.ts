import type { Db } from '../../db/open';

/**
 * Queues every analysed call to be analysed again from its stored transcript, then re-scored: its
 * job row goes back to the 'analyse' stage (never 'transcribe'). A job still on its way through the
 * pipeline is left alone, as it reads the trackers when it gets there. Returns how many were queued.
 */
export function queueReanalysis(db: Db, now = new Date().toISOString()): number {
  return db.transaction(() => {
    // The calls whose job is queued again below are marked first: their analyse stage then re-runs
    // only the team trackers (retrack-call.ts). A job still in flight (e.g. transcribing again) is not.
    db.prepare(
      `INSERT OR IGNORE INTO tracker_reanalysis (call_id)
       SELECT c.call_id FROM calls c LEFT JOIN jobs j ON j.call_id = c.call_id
       WHERE c.features IS NOT NULL AND (j.job_id IS NULL OR j.state = 'done' OR (j.state = 'queued' AND j.stage = 'score'))`,
    ).run();
    return db
      .prepare(
        `INSERT INTO jobs (call_id, stage, state, created_at, updated_at)
         SELECT call_id, 'analyse', 'queued', @now, @now FROM calls WHERE features IS NOT NULL
       ON CONFLICT (call_id) DO UPDATE SET stage = 'analyse', state = 'queued', attempts = 0, run_after = 0,
         progress = 0, last_error = NULL, failed_stage = NULL, lease_owner = NULL, lease_until = NULL,
         updated_at = @now, finished_at = NULL
       WHERE jobs.state = 'done' OR (jobs.state = 'queued' AND jobs.stage = 'score')`,
      )
      .run({ now }).changes;
  })();
}
