import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import { failsEveryRequest } from '../net/retrying-fetch';
import { chunks, type CrmAdapter, type Target } from './crm-adapter';
import { planPush, type CrmFields, type PlannedChange } from './plan-push';

export interface PushLine {
  leadId: string;
  matchKey: string;
  remoteId: string | null;
  fields: CrmFields;
  previous: CrmFields | null;
  outcome: 'planned' | 'written' | 'failed' | 'skipped';
  error: string | null;
}

export interface PushReport {
  runId: string;
  dryRun: boolean;
  lines: PushLine[];
}

function log(db: Db, runId: string, vendor: string, dryRun: boolean, l: PushLine): void {
  db.prepare(
    `INSERT INTO crm_push_log (run_id, vendor, dry_run, lead_id, match_key, remote_id, fields, outcome, error, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(runId, vendor, dryRun ? 1 : 0, l.leadId, l.matchKey, l.remoteId, JSON.stringify(l.fields), l.outcome, l.error, new Date().toISOString());
}

const line = (t: Target<PlannedChange>, outcome: PushLine['outcome'], error: string | null, remoteId = t.remoteId): PushLine => ({
  leadId: t.change.leadId,
  matchKey: t.matchKey,
  remoteId,
  fields: t.change.fields,
  previous: t.change.previous,
  outcome,
  error,
});

/** A change that never reached a CRM record: its lookup failed, or the run stopped before it. */
const unresolved = (change: PlannedChange, error: string): PushLine => ({
  leadId: change.leadId,
  matchKey: change.remoteId ? `id:${change.remoteId}` : 'unresolved',
  remoteId: change.remoteId,
  fields: change.fields,
  previous: change.previous,
  outcome: 'failed',
  error,
});

/**
 * Plans, resolves (reads only) and, unless dry, writes, a batch at a time. The dry run goes
 * through the same plan and resolve steps and stops before writing, so it lists exactly what a
 * push sends. A batch whose lookup or write fails gets that reason on each of its lines and the
 * push goes on; refused credentials or a refused destination stop it, the rest marked not tried.
 * Every line is logged; a written value is remembered so the next push skips it.
 */
export async function pushToCrm(db: Db, adapter: CrmAdapter, options: { dryRun: boolean }): Promise<PushReport> {
  const runId = randomUUID();
  const lines: PushLine[] = [];
  let stopped: string | null = null;
  // Resolved targets wait here until a full batch can be sent, so every write request but the last is full.
  const ready: Target<PlannedChange>[] = [];
  const write = async (batch: Target<PlannedChange>[]): Promise<void> => {
    if (stopped) {
      for (const t of batch) lines.push(line(t, 'failed', `not tried: ${stopped}`));
      return;
    }
    let results;
    try {
      results = await adapter.write(batch);
    } catch (err) {
      for (const t of batch) lines.push(line(t, 'failed', (err as Error).message));
      if (failsEveryRequest(err)) stopped = (err as Error).message;
      return;
    }
    const now = new Date().toISOString();
    db.transaction(() => {
      for (const t of batch) {
        const r = results.find((x) => x.leadId === t.change.leadId);
        if (!r || r.error) {
          lines.push(line(t, 'failed', r?.error ?? 'no result for this lead'));
          continue;
        }
        lines.push(line(t, 'written', null, r.remoteId));
        db.prepare(
          `INSERT INTO crm_push_state (vendor, lead_id, remote_id, fields, pushed_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (vendor, lead_id) DO UPDATE SET remote_id = COALESCE(excluded.remote_id, remote_id), fields = excluded.fields, pushed_at = excluded.pushed_at`,
        ).run(adapter.vendor, t.change.leadId, r.remoteId, JSON.stringify(t.change.fields), now);
      }
    })();
  };
  for (const part of chunks(planPush(db, adapter.vendor), adapter.batchSize)) {
    if (stopped) {
      for (const c of part) lines.push(unresolved(c, `not tried: ${stopped}`));
      continue;
    }
    let targets: Target<PlannedChange>[];
    try {
      targets = await adapter.resolve(part);
    } catch (err) {
      const reason = (err as Error).message;
      for (const c of part) lines.push(unresolved(c, `lookup failed: ${reason}`));
      if (failsEveryRequest(err)) stopped = reason;
      continue;
    }
    for (const t of targets) {
      if (t.skip) lines.push(line(t, 'skipped', t.skip));
      else if (options.dryRun) lines.push(line(t, 'planned', null));
      else ready.push(t);
    }
    while (ready.length >= adapter.batchSize) await write(ready.splice(0, adapter.batchSize));
  }
  if (ready.length) await write(ready.splice(0));
  db.transaction(() => lines.forEach((l) => log(db, runId, adapter.vendor, options.dryRun, l)))();
  return { runId, dryRun: options.dryRun, lines };
}
