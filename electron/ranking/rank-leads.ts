import { bandFor } from '../../shared/scoring/bands';
import type { RankParts } from '../../shared/api/queue-view';
import type { QueueItemDto } from '../../shared/api/queue';
import type { Db } from '../db/open';
import { predictionJoin } from '../queue/lead-columns';
import { activeBands } from '../scoring/active-bands';
import { orderByKey } from '../queue/key-order';
import { RANK_POINTS_SQL, priorityOf, rankKeyOf, rankParts, rankOrderSql, registerRankFunction, type RankInput } from './rank-formula';
import { explainRanks, type RankedParts } from './rank-reason';

/** What a lead's rank is computed from, as read from its row. */
export interface RankRow {
  leadId: string;
  score: number | null;
  probability: number | null;
  attempts: number;
  createdMs: number | null;
  callbackMs: number | null;
  /** RankInput.points: the unclamped points of a zero-score lead's latest call. */
  points: number | null;
}

export interface Ranked {
  parts: RankParts;
  priority: number;
  rank_reason: string;
}

/** What the formula reads from a lead's row: the one mapping, for explaining and for ordering alike. */
const rankInputOf = (r: RankRow): RankInput => ({
  score: r.score,
  probability: r.probability,
  attempts: r.attempts,
  createdAtMs: r.createdMs ?? -Infinity,
  callbackAtMs: r.callbackMs,
  points: r.points,
});

/** The parts and priority of each row at `nowMs`, by position: what a rank is ordered and explained by. */
function rankedParts(rows: readonly RankRow[], nowMs: number): RankedParts[] {
  return rows.map((r) => {
    const parts = rankParts(rankInputOf(r), nowMs);
    return { leadId: r.leadId, score: r.score, probability: r.probability, points: r.points, parts, priority: priorityOf(parts) };
  });
}

/** Ranked leads with their explanation, by position. */
function explained(db: Db, ranked: readonly RankedParts[]): Ranked[] {
  const reasons = explainRanks(db, ranked);
  return ranked.map((r, i) => ({ parts: r.parts, priority: r.priority, rank_reason: reasons[i] as string }));
}

/** The parts, priority and explanation of rows read by any surface, at `nowMs`. */
export function rankRows(db: Db, rows: readonly RankRow[], nowMs: number): Map<string, Ranked> {
  const ranked = explained(db, rankedParts(rows, nowMs));
  return new Map(rows.map((r, i) => [r.leadId, ranked[i] as Ranked]));
}

/** The columns a RankRow is read from, over leads `l` with the prediction join of predictionJoin(). */
export function rankColumnsSql(probability: string): string {
  return `l.lead_id AS rank_lead_id, l.lead_score AS rank_score, ${probability} AS rank_probability, l.call_count AS rank_attempts,
          l.created_ms AS rank_created_ms, l.callback_ms AS rank_callback_ms, ${RANK_POINTS_SQL} AS rank_points`;
}

export interface RankColumns {
  rank_lead_id: string;
  rank_score: number | null;
  rank_probability: number | null;
  rank_attempts: number;
  rank_created_ms: number | null;
  rank_callback_ms: number | null;
  rank_points: number | null;
}

export const toRankRow = (r: RankColumns): RankRow => ({
  leadId: r.rank_lead_id,
  score: r.rank_score,
  probability: r.rank_probability,
  attempts: r.rank_attempts,
  createdMs: r.rank_created_ms,
  callbackMs: r.rank_callback_ms,
  points: r.rank_points,
});

/**
 * Open leads (no recorded outcome) in rank order, best first, each with its rank and why: what
 * `queue` in the CLI and the API's listQueue answer. The order is the queue view's and REST's.
 */
export function rankOpenLeads(db: Db, opts: { limit?: number; offset?: number; nowMs?: number } = {}): QueueItemDto[] {
  const nowMs = opts.nowMs ?? Date.now();
  const offset = opts.offset ?? 0;
  const pred = predictionJoin(db);
  // rank_priority() and rubric_points() (the rank columns read the latter) before any statement.
  registerRankFunction(db);
  const whole = opts.limit === undefined || opts.limit < 0;
  const details = db.prepare(
    `SELECT l.rowid AS rid, ${rankColumnsSql(pred.column)}, l.phone_number,
            (SELECT GROUP_CONCAT(call_id) FROM (SELECT call_id FROM calls c WHERE c.lead_id = l.lead_id
               ORDER BY COALESCE(c.call_start_time, c.created_at) DESC)) AS call_ids
     FROM ${whole ? 'leads l' : 'json_each(?) j CROSS JOIN leads l ON l.rowid = j.value'} ${pred.join}
     ${whole ? 'WHERE l.outcome IS NULL ORDER BY l.rowid' : ''}`,
  );
  type Detail = RankColumns & { rid: number; phone_number: string | null; call_ids: string | null };
  let rows: Detail[];
  let ranked: RankedParts[];
  if (whole) {
    // The whole queue: every open lead is read anyway, so it is ranked from those rows in JS
    // (rank-formula.ts once per row, a stable sort of rows read in rowid order: ties by rowid),
    // not by a second SQL pass calling rank_priority from SQLite's sorter.
    const all = details.all() as Detail[];
    const parts = rankedParts(all.map(toRankRow), nowMs);
    const keys = new Float64Array(all.length);
    parts.forEach((r, i) => (keys[i] = rankKeyOf(r.priority)));
    const order = orderByKey(keys, false).subarray(offset);
    rows = Array.from(order, (i) => all[i] as Detail);
    ranked = Array.from(order, (i) => parts[i] as RankedParts);
  } else {
    // A page: the order first, as rowids only, then the columns of those rows alone.
    const rowids = db
      .prepare(`SELECT l.rowid FROM leads l ${pred.join} WHERE l.outcome IS NULL ORDER BY ${rankOrderSql(pred.column)} LIMIT @limit OFFSET @offset`)
      .pluck()
      .all({ now: nowMs, limit: opts.limit, offset }) as number[];
    const byRowid = new Map((details.all(JSON.stringify(rowids)) as Detail[]).map((r) => [r.rid, r]));
    rows = rowids.flatMap((id) => {
      const r = byRowid.get(id);
      return r ? [r] : [];
    });
    ranked = rankedParts(rows.map(toRankRow), nowMs);
  }
  const reasons = explainRanks(db, ranked);
  const bands = activeBands(db, 'lead');
  return rows.map((r, i) => {
    return {
      lead_id: r.rank_lead_id,
      rank: offset + i + 1,
      priority: (ranked[i] as RankedParts).priority,
      phone_number: r.phone_number,
      score: r.rank_score,
      probability: r.rank_probability,
      band: r.rank_score === null ? null : bandFor(r.rank_score, bands),
      call_ids: r.call_ids ? r.call_ids.split(',') : [],
      rank_reason: reasons[i] as string,
    };
  });
}
