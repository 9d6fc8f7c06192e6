import type { Db } from '../../db/open';
import type { QueueRow } from '../../../shared/api/queue-view';
import { bandFor } from '../../../shared/scoring/bands';
import { activeBands } from '../calibration/rubric-store';
import { priorityOf, priorityParts } from './priority';

interface LeadRow {
  lead_id: string;
  name: string;
  phone: string | null;
  score: number | null;
  probability: number | null;
  last_called_at: string | null;
  attempts: number;
  created_at: string;
  campaign: string | null;
  outcome: string | null;
  callback_at: string | null;
  agent: string | null;
}

export interface QueueSnapshot {
  rows: QueueRow[];
  /** Lower-cased name, phone, id, campaign and agent per row, for search. */
  haystack: string[];
  builtAtMs: number;
  key: string;
}

export function tableExists(db: Db, name: string): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}

/** Changes made through this connection, or committed by any other: a cheap "did anything change". */
export function dataKey(db: Db): string {
  const changes = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return `${changes}:${db.pragma('data_version', { simple: true }) as number}`;
}

/** Every lead as one compact row, ranked; built in one query and kept until the data changes. */
export function buildSnapshot(db: Db, nowMs: number): QueueSnapshot {
  const key = dataKey(db);
  const hasPredictions = tableExists(db, 'lead_predictions');
  const rows = db
    .prepare(
      `SELECT l.lead_id, TRIM(COALESCE(l.first_name,'') || ' ' || COALESCE(l.last_name,'')) AS name, l.phone_number AS phone,
              COALESCE(l.lead_score, (SELECT MAX(s.score) FROM calls c JOIN scores s ON s.call_id = c.call_id AND s.kind = 'lead'
                                       WHERE c.lead_id = l.lead_id)) AS score,
              ${hasPredictions ? 'p.probability' : 'NULL'} AS probability,
              l.last_called_at, l.call_count AS attempts, l.created_at, l.campaign, l.outcome,
              json_extract(l.attributes, '$.callback_at') AS callback_at,
              (SELECT c.agent FROM calls c WHERE c.lead_id = l.lead_id ORDER BY c.call_start_time DESC LIMIT 1) AS agent
       FROM leads l ${hasPredictions ? 'LEFT JOIN lead_predictions p ON p.lead_id = l.lead_id' : ''}`,
    )
    .all() as LeadRow[];
  const bands = activeBands(db, 'lead');
  const out: QueueRow[] = rows.map((r) => {
    const callbackMs = r.callback_at ? Date.parse(r.callback_at) : NaN;
    const parts = priorityParts(
      {
        score: r.score,
        probability: r.probability,
        attempts: r.attempts,
        createdAtMs: Date.parse(r.created_at),
        callbackAtMs: Number.isFinite(callbackMs) ? callbackMs : null,
      },
      nowMs,
    );
    return {
      lead_id: r.lead_id,
      rank: 0,
      priority: priorityOf(parts),
      name: r.name || null,
      phone: r.phone,
      score: r.score === null ? null : Math.round(r.score * 10) / 10,
      band: r.score === null ? null : bandFor(r.score, bands),
      probability: r.probability,
      last_called_at: r.last_called_at,
      attempts: r.attempts,
      created_at: r.created_at,
      campaign: r.campaign,
      agent: r.agent,
      outcome: r.outcome,
      callback_at: r.callback_at,
      parts,
    };
  });
  // Leads with an outcome are not dialled: open leads take the ranks first.
  out.sort((a, b) => Number(a.outcome !== null) - Number(b.outcome !== null) || b.priority - a.priority || (a.lead_id < b.lead_id ? -1 : 1));
  out.forEach((r, i) => (r.rank = i + 1));
  const haystack = out.map((r) => [r.name, r.phone, r.lead_id, r.campaign, r.agent].filter(Boolean).join(' ').toLowerCase());
  return { rows: out, haystack, builtAtMs: nowMs, key };
}
