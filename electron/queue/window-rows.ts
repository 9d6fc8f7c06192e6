import type { Db } from '../db/open';
import type { QueueRow } from '../../shared/api/queue-view';
import type { BandThresholds } from '../../shared/scoring/rubric';
import { bandFor } from '../../shared/scoring/bands';
import { CALLBACK_MS_SQL, CREATED_MS_SQL, LATEST_AGENT_SQL, LEAD_SCORE_SQL, predictionJoin } from './lead-columns';
import { rankRows, type Ranked } from '../ranking/rank-leads';
import { RANK_POINTS_SQL, registerRankFunction } from '../ranking/rank-formula';

interface DetailRow {
  rowid: number;
  lead_id: string;
  name: string | null;
  phone: string | null;
  score: number | null;
  probability: number | null;
  last_called_at: string | null;
  attempts: number;
  created_at: string;
  created_ms: number | null;
  campaign: string | null;
  outcome: string | null;
  callback_at: string | null;
  callback_ms: number | null;
  points: number | null;
  agent: string | null;
  window_call_id: string | null;
  window_start: string | null;
  window_end: string | null;
  window_zone: string | null;
  window_zone_assumed: number | null;
  window_quote: string | null;
}

/** Rowids per query: SQLite reads them from one JSON parameter, so one prepared statement serves any window. */
const BATCH = 500;

/**
 * The full rows for one window of the queue, read by rowid: only the rows on screen ever become
 * objects. `ranks[k]` is the rank of `rowids[k]`; the rank's parts are recomputed from the row as
 * read, at the snapshot's clock, so they explain the same priority the order was built from.
 */
export function windowRows(
  db: Db,
  rowids: ArrayLike<number>,
  ranks: ArrayLike<number>,
  nowMs: number,
  bands: BandThresholds,
): QueueRow[] {
  const pred = predictionJoin(db);
  registerRankFunction(db);
  const stmt = db.prepare(
    `SELECT l.rowid AS rowid, l.lead_id, NULLIF(TRIM(COALESCE(l.first_name,'') || ' ' || COALESCE(l.last_name,'')), '') AS name,
            l.phone_number AS phone, ${LEAD_SCORE_SQL} AS score, ${pred.column} AS probability, l.last_called_at,
            l.call_count AS attempts, l.created_at, ${CREATED_MS_SQL} AS created_ms, l.campaign, l.outcome,
            json_extract(l.attributes, '$.callback_at') AS callback_at, ${CALLBACK_MS_SQL} AS callback_ms, ${RANK_POINTS_SQL} AS points, ${LATEST_AGENT_SQL} AS agent
            , st.call_id AS window_call_id, st.start_at AS window_start, st.end_at AS window_end,
            st.time_zone AS window_zone, st.zone_assumed AS window_zone_assumed, st.quote AS window_quote
     FROM leads l ${pred.join}
     LEFT JOIN spoken_times st ON st.call_id = l.spoken_callback_call_id AND st.seq = l.spoken_callback_seq
     WHERE l.rowid IN (SELECT value FROM json_each(?))`,
  );
  const byRowid = new Map<number, DetailRow>();
  for (let k = 0; k < rowids.length; k += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, rowids.length - k) }, (_, j) => rowids[k + j] as number);
    for (const r of stmt.all(JSON.stringify(ids)) as DetailRow[]) byRowid.set(r.rowid, r);
  }
  const found: DetailRow[] = [];
  for (let k = 0; k < rowids.length; k++) {
    const r = byRowid.get(rowids[k] as number);
    if (r) found.push(r); // else deleted since the snapshot; the next snapshot drops it
  }
  const ranked = rankRows(
    db,
    found.map((r) => ({ leadId: r.lead_id, score: r.score, probability: r.probability, attempts: r.attempts, createdMs: r.created_ms, callbackMs: r.callback_ms, points: r.points })),
    nowMs,
  );
  const out: QueueRow[] = [];
  for (let k = 0; k < rowids.length; k++) {
    const r = byRowid.get(rowids[k] as number);
    if (!r) continue;
    const { parts, priority, rank_reason } = ranked.get(r.lead_id) as Ranked;
    out.push({
      lead_id: r.lead_id,
      rank: ranks[k] as number,
      priority,
      name: r.name,
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
      callback_at: r.callback_at ?? r.window_start,
      callback_window:
        r.window_call_id === null
          ? null
          : {
              call_id: r.window_call_id,
              start: r.window_start ?? '',
              end: r.window_end ?? '',
              time_zone: r.window_zone ?? 'UTC',
              zone_assumed: r.window_zone_assumed === 1,
              quote: r.window_quote ?? '',
            },
      parts,
      rank_reason,
    });
  }
  return out;
}
