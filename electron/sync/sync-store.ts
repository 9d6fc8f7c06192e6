import type { Db } from '../db/open';
import type { WaitNotice, WaitReason } from '../net/retrying-fetch';

export type ItemStatus = 'pending' | 'no_recording' | 'ingested' | 'failed';

export interface SyncItem {
  connector: string;
  remote_id: string;
  status: ItemStatus;
  remote_json: string;
  recording_id: string | null;
  file_path: string | null;
  call_id: string | null;
  attempts: number;
  error: string | null;
}

export interface ConnectorRow {
  connector: string;
  paused: number;
  cursor: string | null;
  state: 'idle' | 'running' | 'error';
  last_started_at: string | null;
  last_finished_at: string | null;
  last_error: string | null;
  last_summary: string | null;
  schedule_minutes: number | null;
}

export function getConnector(db: Db, connector: string): ConnectorRow {
  db.prepare('INSERT INTO sync_connectors (connector) VALUES (?) ON CONFLICT DO NOTHING').run(connector);
  return db.prepare('SELECT * FROM sync_connectors WHERE connector = ?').get(connector) as ConnectorRow;
}

export function setPaused(db: Db, connector: string, paused: boolean): void {
  getConnector(db, connector);
  db.prepare('UPDATE sync_connectors SET paused = ? WHERE connector = ?').run(paused ? 1 : 0, connector);
}

/** Marks a run as started and returns its key (the start time) for the wait log. */
export function startRun(db: Db, connector: string): string {
  const at = new Date().toISOString();
  getConnector(db, connector);
  db.prepare(`UPDATE sync_connectors SET state = 'running', last_started_at = ?, last_error = NULL WHERE connector = ?`).run(at, connector);
  return at;
}

export function finishRun(db: Db, connector: string, outcome: { error: string | null; summary: unknown; cursor?: string | null }): void {
  const at = new Date().toISOString();
  db.prepare(
    `UPDATE sync_connectors SET state = ?, last_finished_at = ?, last_error = ?, last_summary = ?,
       cursor = COALESCE(?, cursor) WHERE connector = ?`,
  ).run(outcome.error ? 'error' : 'idle', at, outcome.error, JSON.stringify(outcome.summary), outcome.cursor ?? null, connector);
}

export function logWait(db: Db, connector: string, runAt: string, w: WaitNotice): void {
  db.prepare('INSERT INTO sync_waits (connector, run_at, reason, detail, wait_ms, at) VALUES (?, ?, ?, ?, ?, ?)').run(
    connector,
    runAt,
    w.reason,
    `${w.detail} on ${w.url}`,
    Math.round(w.waitMs),
    new Date().toISOString(),
  );
}

export interface WaitSummary {
  reason: WaitReason;
  count: number;
  waitedMs: number;
}

export function waitsOfRun(db: Db, connector: string, runAt: string): WaitSummary[] {
  return db
    .prepare(
      `SELECT reason, COUNT(*) AS count, SUM(wait_ms) AS waitedMs FROM sync_waits
       WHERE connector = ? AND run_at = ? GROUP BY reason ORDER BY waitedMs DESC`,
    )
    .all(connector, runAt) as WaitSummary[];
}

/** Records a remote call the first time it is seen; a second sighting changes nothing (idempotent by remote id). */
export function upsertSeen(db: Db, connector: string, remoteId: string, remoteJson: unknown): boolean {
  const now = new Date().toISOString();
  const r = db
    .prepare(
      `INSERT INTO sync_items (connector, remote_id, status, remote_json, first_seen_at, updated_at)
       VALUES (?, ?, 'pending', ?, ?, ?) ON CONFLICT (connector, remote_id) DO NOTHING`,
    )
    .run(connector, remoteId, JSON.stringify(remoteJson), now, now);
  return r.changes > 0;
}

export function pendingItems(db: Db, connector: string): SyncItem[] {
  return db
    .prepare(`SELECT * FROM sync_items WHERE connector = ? AND status IN ('pending', 'failed') ORDER BY first_seen_at, remote_id`)
    .all(connector) as SyncItem[];
}

export function updateItem(
  db: Db,
  connector: string,
  remoteId: string,
  patch: { status: ItemStatus; recordingId?: string | null; filePath?: string | null; callId?: string | null; error?: string | null },
): void {
  db.prepare(
    `UPDATE sync_items SET status = ?, recording_id = COALESCE(?, recording_id), file_path = COALESCE(?, file_path),
       call_id = COALESCE(?, call_id), error = ?, attempts = attempts + 1, updated_at = ?
     WHERE connector = ? AND remote_id = ?`,
  ).run(
    patch.status,
    patch.recordingId ?? null,
    patch.filePath ?? null,
    patch.callId ?? null,
    patch.error ?? null,
    new Date().toISOString(),
    connector,
    remoteId,
  );
}

export function countItems(db: Db, connector: string): Record<ItemStatus, number> {
  const out: Record<ItemStatus, number> = { pending: 0, no_recording: 0, ingested: 0, failed: 0 };
  for (const r of db.prepare('SELECT status, COUNT(*) AS n FROM sync_items WHERE connector = ? GROUP BY status').all(connector) as {
    status: ItemStatus;
    n: number;
  }[]) {
    out[r.status] = r.n;
  }
  return out;
}
