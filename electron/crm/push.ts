import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import type { CrmAdapter, Target } from './crm-adapter';
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

/**
 * Plans, resolves (reads only) and, unless dry, writes in batches. The dry run goes through the
 * same plan and resolve steps and stops before writing, so it lists exactly what a push sends.
 * Every line is logged; a written value is remembered so the next push skips it.
 */
export async function pushToCrm(db: Db, adapter: CrmAdapter, options: { dryRun: boolean }): Promise<PushReport> {
  const runId = randomUUID();
  const targets = await adapter.resolve(planPush(db, adapter.vendor));
  const lines: PushLine[] = [];
  const ready = targets.filter((t) => !t.skip);
  for (const t of targets.filter((x) => x.skip)) lines.push(line(t, 'skipped', t.skip));
  if (options.dryRun) {
    for (const t of ready) lines.push(line(t, 'planned', null));
  } else {
    for (let i = 0; i < ready.length; i += adapter.batchSize) {
      const batch = ready.slice(i, i + adapter.batchSize);
      let results;
      try {
        results = await adapter.write(batch);
      } catch (err) {
        for (const t of batch) lines.push(line(t, 'failed', (err as Error).message));
        continue;
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
    }
  }
  db.transaction(() => lines.forEach((l) => log(db, runId, adapter.vendor, options.dryRun, l)))();
  return { runId, dryRun: options.dryRun, lines };
}
