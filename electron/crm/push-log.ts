import type { Db } from '../db/open';

export interface PushRun {
  runId: string;
  vendor: string;
  dryRun: boolean;
  at: string;
  counts: Record<'planned' | 'written' | 'failed' | 'skipped', number>;
}

export interface PushLogLine {
  leadId: string;
  matchKey: string;
  remoteId: string | null;
  fields: string;
  outcome: string;
  error: string | null;
}

/** The push runs kept in crm_push_log, newest first: what was sent (or would have been) and how it went. */
export function pushRuns(db: Db, vendor: string | null, limit: number): PushRun[] {
  const rows = db
    .prepare(
      `SELECT run_id, vendor, dry_run, MIN(at) AS at,
              SUM(outcome = 'planned') AS planned, SUM(outcome = 'written') AS written,
              SUM(outcome = 'failed') AS failed, SUM(outcome = 'skipped') AS skipped
       FROM crm_push_log WHERE (? IS NULL OR vendor = ?) GROUP BY run_id ORDER BY MIN(log_id) DESC LIMIT ?`,
    )
    .all(vendor, vendor, limit) as { run_id: string; vendor: string; dry_run: number; at: string; planned: number; written: number; failed: number; skipped: number }[];
  return rows.map((r) => ({
    runId: r.run_id,
    vendor: r.vendor,
    dryRun: r.dry_run === 1,
    at: r.at,
    counts: { planned: r.planned, written: r.written, failed: r.failed, skipped: r.skipped },
  }));
}

export function pushRunLines(db: Db, runId: string): PushLogLine[] {
  return db
    .prepare('SELECT lead_id AS leadId, match_key AS matchKey, remote_id AS remoteId, fields, outcome, error FROM crm_push_log WHERE run_id = ? ORDER BY log_id')
    .all(runId) as PushLogLine[];
}
