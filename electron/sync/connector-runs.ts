import type { Db } from '../db/open';
import { actionsOf, connectorStatus, type ConnectorAction, type ConnectorName } from './connector-controls';

/** One connector run as stored (migration 0170): queued before it runs, kept with its outcome after. */
export interface ConnectorRunRow {
  run_id: number;
  connector: ConnectorName;
  action: ConnectorAction;
  trigger: 'schedule' | 'now';
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  due_ms: number;
  lease_owner: string | null;
  lease_until: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  summary: string | null;
}

/**
 * Queues a run of every action of the connector, due at `dueMs`. A run already waiting is the
 * same request: "now" brings a waiting scheduled run forward instead of adding a second one.
 * Returns how many rows were added.
 */
export function enqueueRuns(db: Db, c: ConnectorName, trigger: 'schedule' | 'now', dueMs: number): number {
  const created = new Date().toISOString();
  let added = 0;
  db.transaction(() => {
    for (const action of actionsOf(c)) {
      added += db
        .prepare(
          `INSERT OR IGNORE INTO connector_runs (connector, action, trigger, state, due_ms, created_at) VALUES (?, ?, ?, 'queued', ?, ?)`,
        )
        .run(c, action, trigger, dueMs, created).changes;
      if (trigger === 'now')
        db.prepare(`UPDATE connector_runs SET trigger = 'now', due_ms = MIN(due_ms, ?) WHERE connector = ? AND action = ? AND state = 'queued'`).run(dueMs, c, action);
    }
  })();
  return added;
}

/**
 * Makes the stored runs match the schedules: every scheduled, running-free connector has its next
 * run queued at the time its schedule says; a paused or unscheduled one has no scheduled run
 * waiting. A schedule changed since, or a run made from the command line, moves the waiting row.
 */
export function planScheduledRuns(db: Db, nowMs = Date.now()): void {
  for (const s of connectorStatus(db, nowMs)) {
    if (s.nextRunAt === null) {
      db.prepare(`UPDATE connector_runs SET state = 'cancelled', finished_at = ? WHERE connector = ? AND state = 'queued' AND trigger = 'schedule'`).run(
        new Date(nowMs).toISOString(),
        s.connector,
      );
      continue;
    }
    const open = openRuns(db, s.connector);
    // While one runs, its schedule's next time is only known once it has started and ended.
    if (open.some((r) => r.state === 'running')) continue;
    const due = Date.parse(s.nextRunAt);
    db.prepare(`UPDATE connector_runs SET due_ms = ? WHERE connector = ? AND state = 'queued' AND trigger = 'schedule'`).run(due, s.connector);
    if (!open.length) enqueueRuns(db, s.connector, 'schedule', due);
  }
}

/**
 * Takes the next due run under a lease, its connector not paused. Runs of one connector go in
 * order (a CRM's push before its pull), one at a time; a run held by a process that died is
 * taken again once its lease runs out. `scheduled: false` takes only runs someone asked for now.
 */
export function claimNextRun(db: Db, owner: string, leaseMs: number, o: { nowMs?: number; scheduled: boolean }): ConnectorRunRow | null {
  const nowMs = o.nowMs ?? Date.now();
  const row = db
    .prepare(
      `UPDATE connector_runs SET state = 'running', lease_owner = ?, lease_until = ?, started_at = ?
       WHERE run_id = (
         SELECT r.run_id FROM connector_runs r
         LEFT JOIN sync_connectors c ON c.connector = r.connector
         WHERE ((r.state = 'queued' AND r.due_ms <= ?) OR (r.state = 'running' AND r.lease_until < ?))
           AND (? OR r.trigger = 'now')
           AND COALESCE(c.paused, 0) = 0
           AND NOT EXISTS (SELECT 1 FROM connector_runs o WHERE o.connector = r.connector AND o.state = 'running'
                           AND o.run_id <> r.run_id AND o.lease_until >= ?)
         ORDER BY r.due_ms, r.run_id LIMIT 1)
       RETURNING *`,
    )
    .get(owner, nowMs + leaseMs, new Date(nowMs).toISOString(), nowMs, nowMs, o.scheduled ? 1 : 0, nowMs) as ConnectorRunRow | undefined;
  return row ?? null;
}

export function renewRunLease(db: Db, runId: number, owner: string, leaseMs: number): void {
  db.prepare(`UPDATE connector_runs SET lease_until = ? WHERE run_id = ? AND lease_owner = ? AND state = 'running'`).run(Date.now() + leaseMs, runId, owner);
}

/** Records how a run ended; only its lease holder may. */
export function finishConnectorRun(db: Db, runId: number, owner: string, outcome: { error: string | null; summary: unknown }): void {
  db.prepare(
    `UPDATE connector_runs SET state = ?, error = ?, summary = ?, finished_at = ?, lease_owner = NULL, lease_until = NULL
     WHERE run_id = ? AND lease_owner = ?`,
  ).run(outcome.error ? 'failed' : 'done', outcome.error, JSON.stringify(outcome.summary ?? null), new Date().toISOString(), runId, owner);
}

/** A clean stop mid-run: the run waits again, due at once, for the next process that runs connectors. */
export function releaseRuns(db: Db, owner: string): void {
  db.prepare(`UPDATE connector_runs SET state = 'queued', lease_owner = NULL, lease_until = NULL, started_at = NULL WHERE state = 'running' AND lease_owner = ?`).run(owner);
}

/** Runs of dead owners (a crash, kill -9) become claimable at once. */
export function expireDeadRuns(db: Db, isAlive: (owner: string) => boolean): void {
  const running = db.prepare(`SELECT run_id, lease_owner FROM connector_runs WHERE state = 'running'`).all() as { run_id: number; lease_owner: string | null }[];
  for (const r of running) if (!r.lease_owner || !isAlive(r.lease_owner)) db.prepare(`UPDATE connector_runs SET lease_until = 0 WHERE run_id = ?`).run(r.run_id);
}

/** The connector's runs waiting or in progress. */
export function openRuns(db: Db, c: ConnectorName): ConnectorRunRow[] {
  return db.prepare(`SELECT * FROM connector_runs WHERE connector = ? AND state IN ('queued', 'running') ORDER BY run_id`).all(c) as ConnectorRunRow[];
}

/** The newest finished run of each of the connector's actions. */
export function latestFinishedRuns(db: Db, c: ConnectorName): ConnectorRunRow[] {
  return actionsOf(c).flatMap((a) => {
    const r = db.prepare(`SELECT * FROM connector_runs WHERE connector = ? AND action = ? AND state IN ('done', 'failed') ORDER BY run_id DESC LIMIT 1`).get(c, a) as
      | ConnectorRunRow
      | undefined;
    return r ? [r] : [];
  });
}
