import type { Db } from '../db/open';
import { failsEveryRequest } from '../net/retrying-fetch';
import type { TrainOutcome } from '../scoring/model/model-store';
import { recordOutcomeInTransaction } from '../scoring/outcomes';
import { chunks, type CrmAdapter, type RemoteStatus } from './crm-adapter';
import { knownRemoteId } from './plan-push';

export interface PullLine {
  leadId: string;
  remoteId: string;
  leadStatus: { old: string | null; new: string | null };
  outcome: { old: string | null; new: 'converted' | 'lost' | null; recorded: boolean };
  evidence: string;
}

export interface PullReport {
  linked: number;
  read: number;
  /** Linked leads the CRM no longer has (deleted or merged there). */
  missing: string[];
  /** Linked leads whose status could not be read this time, with the reason; the next pull asks again. */
  failed: { leadId: string; reason: string }[];
  lines: PullLine[];
  /** The retrain the recorded outcomes queued (a model_jobs row), null when none changed. */
  retrainJob: number | null;
  /** How that retrain ended, when the caller ran it (a one-shot command does; a server's runner runs it later). */
  retrained: TrainOutcome | null;
}

interface LinkedRow {
  lead_id: string;
  attributes: string;
  crm_lead_status: string | null;
  outcome: string | null;
  remote_id: string | null;
}

/**
 * Reads lead status and won/lost back from the CRM for every lead linked to a record there (by
 * an earlier push or an imported <vendor>_id). A status change updates leads.crm_lead_status;
 * a decided sale goes through the one outcome function (scoring/outcomes.ts), so the outcome
 * history says who (crm:<vendor>), when, old, new and why (the CRM fields), and one debounced
 * retrain is queued for the new evidence. An open deal never clears an outcome already recorded. A batch
 * that cannot be read is reported with its reason and the pull goes on with the next.
 */
export async function pullFromCrm(db: Db, adapter: CrmAdapter): Promise<PullReport> {
  const rows = db
    .prepare(
      `SELECT l.lead_id, l.attributes, l.crm_lead_status, l.outcome, st.remote_id
       FROM leads l LEFT JOIN crm_push_state st ON st.vendor = ? AND st.lead_id = l.lead_id ORDER BY l.lead_id`,
    )
    .all(adapter.vendor) as LinkedRow[];
  const linked = rows.flatMap((r) => {
    const remoteId = knownRemoteId(adapter.vendor, r.remote_id, r.attributes);
    return remoteId ? [{ row: r, remoteId }] : [];
  });
  const byLead = new Map(linked.map((l) => [l.row.lead_id, l.row]));
  const by = `crm:${adapter.vendor}`;
  const report: PullReport = { linked: linked.length, read: 0, missing: [], failed: [], lines: [], retrainJob: null, retrained: null };
  const setStatus = db.prepare('UPDATE leads SET crm_lead_status = ?, updated_at = ? WHERE lead_id = ?');
  let stopped: string | null = null;
  for (const part of chunks(linked, adapter.batchSize)) {
    if (stopped) {
      report.failed.push(...part.map((l) => ({ leadId: l.row.lead_id, reason: `not tried: ${stopped}` })));
      continue;
    }
    let answers;
    try {
      answers = await adapter.readStatus(part.map((l) => ({ leadId: l.row.lead_id, remoteId: l.remoteId })));
    } catch (err) {
      const reason = (err as Error).message;
      report.failed.push(...part.map((l) => ({ leadId: l.row.lead_id, reason })));
      if (failsEveryRequest(err)) stopped = reason;
      continue;
    }
    const statuses = answers.filter((a): a is RemoteStatus => !('error' in a));
    const unread = new Set<string>();
    for (const a of answers) {
      if (!('error' in a)) continue;
      unread.add(a.leadId);
      report.failed.push({ leadId: a.leadId, reason: a.error });
      if (a.stopsThePull) stopped ??= a.error;
    }
    report.read += statuses.length;
    const seen = new Set(statuses.map((s) => s.leadId));
    report.missing.push(...part.filter((l) => !seen.has(l.row.lead_id) && !unread.has(l.row.lead_id)).map((l) => l.row.lead_id));
    db.transaction(() => {
      for (const s of statuses) {
        const row = byLead.get(s.leadId);
        if (!row) continue;
        const statusChanged = s.leadStatus !== null && s.leadStatus !== row.crm_lead_status;
        const outcomeChanged = s.outcome !== null && s.outcome !== row.outcome;
        if (statusChanged) setStatus.run(s.leadStatus, new Date().toISOString(), s.leadId);
        if (outcomeChanged) recordOutcomeInTransaction(db, { leadId: s.leadId, outcome: s.outcome, by, reason: `${adapter.vendor} says ${s.evidence}`, source: by });
        if (statusChanged || outcomeChanged) {
          report.lines.push({
            leadId: s.leadId,
            remoteId: s.remoteId,
            leadStatus: { old: row.crm_lead_status, new: statusChanged ? s.leadStatus : row.crm_lead_status },
            outcome: { old: row.outcome, new: outcomeChanged ? s.outcome : (row.outcome as PullLine['outcome']['new']), recorded: outcomeChanged },
            evidence: s.evidence,
          });
        }
      }
    })();
  }
  if (report.lines.some((l) => l.outcome.recorded))
    report.retrainJob = (db.prepare(`SELECT job_id FROM model_jobs WHERE kind = 'retrain' AND state = 'queued'`).pluck().get() as number | undefined) ?? null;
  return report;
}
