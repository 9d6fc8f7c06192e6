import type { RankParts } from '../../shared/api/queue-view';
import type { Db } from '../db/open';
import { rubricSchema, type Rubric } from '../../shared/scoring/rubric';
import { zeroLeadPointsSql } from '../scoring/lead-score';
import { unclampedPoints } from '../scoring/stored-outcomes';

/**
 * THE dial priority of a lead, the one formula every surface ranks by (queue view, its first
 * screen, the queue index worker, `queue` in the CLI, listQueue, REST /leads, exports). Each part is
 * kept separately so every surface can explain the rank the same way (rank-reason.ts):
 *  - score: the model's conversion probability (x100) when there is one, else the rubric lead score
 *    (lead-score.ts: the best recent call with decay), at 60%. A lead score stops at 0, so below it
 *    the unclamped points of the lead's latest call count instead (red flags: a wrong number sinks
 *    under a call that merely went nowhere, and a voicemail under both);
 *  - speed-to-lead: a never-called lead gets up to +30, fading with a 12-hour time constant;
 *  - attempts: -5 per dial already made, at most -25;
 *  - callback window: +25 inside the hour the caller asked for, +15 if overdue by under a day,
 *    -20 before the window opens (calling early annoys).
 * Every part is rounded to 0.1 and so is the sum: equal priorities are exactly equal, and ties
 * break by the lead's rowid everywhere.
 */
export interface RankInput {
  score: number | null;
  probability: number | null;
  attempts: number;
  /** -Infinity when unknown: no speed-to-lead bonus. */
  createdAtMs: number;
  callbackAtMs: number | null;
  /** Unclamped rubric points of the latest call of a lead whose score is 0 (zeroLeadPointsSql); null otherwise. */
  points: number | null;
}

const HOUR = 3_600_000;
const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The parts of the priority; `out` is filled instead of a new object when given (100k-row builds). */
export function rankParts(lead: RankInput, nowMs: number, out?: RankParts): RankParts {
  const model = lead.probability !== null;
  const score = lead.score ?? 0;
  const below = score <= 0 && lead.points !== null && lead.points < 0 ? lead.points : 0;
  const base = model ? (lead.probability as number) * 100 : score + below;
  const ageH = Math.max(0, (nowMs - lead.createdAtMs) / HOUR);
  const speed = lead.attempts === 0 ? 30 * Math.exp(-ageH / 12) : 0;
  let callback = 0;
  if (lead.callbackAtMs !== null) {
    const delta = nowMs - lead.callbackAtMs;
    if (delta >= -HOUR && delta <= HOUR) callback = 25;
    else if (delta > HOUR && delta <= 24 * HOUR) callback = 15;
    else if (delta < -HOUR) callback = -20;
  }
  const parts = out ?? ({} as RankParts);
  parts.score = round1(base * 0.6);
  // exp() of a huge age is 0, of -Infinity's age too; NaN only from a NaN clock, counted as none.
  parts.speed = speed === speed ? round1(speed) : 0;
  parts.attempts = -Math.min(25, 5 * lead.attempts);
  parts.callback = callback;
  parts.basis = model ? 'model' : 'rubric';
  return parts;
}

export function priorityOf(parts: RankParts): number {
  return round1(parts.score + parts.speed + parts.attempts + parts.callback);
}

/**
 * The integer sort key of a priority, best first: priorities step by 0.1, so ten times one is a
 * whole number (a radix sort's key) and equal priorities get equal keys, left to the tie-break.
 */
export const rankKeyOf = (priority: number): number => -Math.round(priority * 10);

const scratchParts: RankParts = { score: 0, speed: 0, attempts: 0, callback: 0, basis: 'rubric' };
const scratchInput: RankInput = { score: null, probability: null, attempts: 0, createdAtMs: 0, callbackAtMs: null, points: null };

/** priorityOf(rankParts(...)) from plain numbers (NaN = none), allocating nothing: per row of a 100k build and per SQL row. */
export function rankPriority(
  score: number,
  probability: number,
  attempts: number,
  createdMs: number,
  callbackMs: number,
  nowMs: number,
  points: number,
): number {
  scratchInput.score = score === score ? score : null;
  scratchInput.probability = probability === probability ? probability : null;
  scratchInput.attempts = attempts;
  scratchInput.createdAtMs = createdMs === createdMs ? createdMs : -Infinity;
  scratchInput.callbackAtMs = callbackMs === callbackMs ? callbackMs : null;
  scratchInput.points = points === points ? points : null;
  return priorityOf(rankParts(scratchInput, nowMs, scratchParts));
}

const registered = new WeakSet<Db>();

/**
 * The same function inside SQLite as rank_priority(score, probability, attempts, created_ms,
 * callback_ms, now_ms, points), so SQL orders by the very formula above (a top-N without loading
 * every row into JS), not by a copy of it; with rubric_points(definition, outcomes), the unclamped
 * points of a stored score's code under the rubric version it was made with.
 */
export function registerRankFunction(db: Db): void {
  if (registered.has(db)) return;
  const n = (v: unknown): number => (typeof v === 'number' ? v : NaN);
  db.function('rank_priority', { deterministic: true }, (score, probability, attempts, createdMs, callbackMs, nowMs, points) =>
    rankPriority(n(score), n(probability), typeof attempts === 'number' ? attempts : 0, n(createdMs), n(callbackMs), n(nowMs), n(points)),
  );
  const rubrics = new Map<string, Rubric | null>();
  db.function('rubric_points', { deterministic: true }, (definition, code) => {
    if (typeof definition !== 'string' || typeof code !== 'string') return null;
    if (!rubrics.has(definition)) {
      const parsed = rubricSchema.safeParse(JSON.parse(definition));
      rubrics.set(definition, parsed.success ? parsed.data : null);
    }
    const rubric = rubrics.get(definition);
    return rubric ? unclampedPoints(rubric, code) : null;
  });
  registered.add(db);
}

/** The SQL expression of the points a lead `l` ranks by below a score of 0 (RankInput.points). */
export const RANK_POINTS_SQL = zeroLeadPointsSql('l.lead_id', 'l.lead_score');

/** The SQL expression of a lead's priority over leads `l` (and lead_predictions `p` when joined), at @now. */
export function rankPrioritySql(probability: string): string {
  return `rank_priority(l.lead_score, ${probability}, l.call_count, l.created_ms, l.callback_ms, @now, ${RANK_POINTS_SQL})`;
}

/** The rank order in SQL: best priority first, ties by rowid, as the queue's own sort does. */
export function rankOrderSql(probability: string): string {
  return `${rankPrioritySql(probability)} DESC, l.rowid`;
}
