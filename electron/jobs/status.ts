import type { Db } from '../db/open';
import { countJobsByState } from './store';
import type { StatusReport } from '../../shared/api/status';

/** What `status --json` and GET /api/status answer: counts, and every failed item with its reason. */
export function getStatus(db: Db): StatusReport {
  const one = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  const failedJobs = db
    .prepare(
      `SELECT c.recording_path AS file, j.failed_stage AS stage, j.last_error AS reason, j.call_id AS call_id
       FROM jobs j JOIN calls c ON c.call_id = j.call_id WHERE j.state = 'failed' ORDER BY j.job_id`,
    )
    .all() as { file: string | null; stage: string | null; reason: string | null; call_id: string }[];
  const rejected = db
    .prepare(`SELECT path AS file, reason FROM ingest_rejections ORDER BY path`)
    .all() as { file: string; reason: string }[];
  return {
    calls: one('SELECT COUNT(*) AS n FROM calls'),
    leads: one('SELECT COUNT(*) AS n FROM leads'),
    jobs: countJobsByState(db),
    stages: Object.fromEntries(
      (db.prepare(`SELECT stage, COUNT(*) AS n FROM jobs WHERE state IN ('queued','running') GROUP BY stage`).all() as {
        stage: string;
        n: number;
      }[]).map((r) => [r.stage, r.n]),
    ),
    failed: [
      ...rejected.map((r) => ({ file: r.file, stage: 'ingest', reason: r.reason, call_id: null })),
      ...failedJobs.map((f) => ({
        file: f.file ?? '',
        stage: f.stage ?? 'unknown',
        reason: f.reason ?? 'unknown error',
        call_id: f.call_id,
      })),
    ],
  };
}
