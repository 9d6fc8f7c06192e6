import type { RankParts } from '../../shared/api/queue-view';

/**
 * INTERIM dial priority until the scoring module exports rankLeads: what a supervisor expects
 * a next-dial queue to weigh, each part kept separately so the queue can explain the rank.
 *  - score: the model's conversion probability (x100) when there is one, else the rubric score, at 60%;
 *  - speed-to-lead: a never-called lead gets up to +30, halving about every 8 hours;
 *  - attempts: -5 per dial already made, at most -25;
 *  - callback window: +25 inside the hour the caller asked for, +15 if overdue by under a day,
 *    -20 before the window opens (calling early annoys).
 */
export interface PriorityInput {
  score: number | null;
  probability: number | null;
  attempts: number;
  createdAtMs: number;
  callbackAtMs: number | null;
}

const HOUR = 3_600_000;

export function priorityParts(lead: PriorityInput, nowMs: number): RankParts {
  const basis = lead.probability !== null ? 'model' : 'rubric';
  const base = lead.probability !== null ? lead.probability * 100 : (lead.score ?? 0);
  const ageH = Math.max(0, (nowMs - lead.createdAtMs) / HOUR);
  const speed = lead.attempts === 0 ? 30 * Math.exp(-ageH / 12) : 0;
  const attempts = -Math.min(25, 5 * lead.attempts);
  let callback = 0;
  if (lead.callbackAtMs !== null) {
    const delta = nowMs - lead.callbackAtMs;
    if (delta >= -HOUR && delta <= HOUR) callback = 25;
    else if (delta > HOUR && delta <= 24 * HOUR) callback = 15;
    else if (delta < -HOUR) callback = -20;
  }
  const round = (n: number): number => Math.round(n * 10) / 10;
  return { score: round(base * 0.6), speed: round(speed), attempts, callback, basis };
}

export function priorityOf(parts: RankParts): number {
  return Math.round((parts.score + parts.speed + parts.attempts + parts.callback) * 10) / 10;
}

/**
 * priorityOf(priorityParts(lead, nowMs)) without building the parts: the same operations in the
 * same order, so the same number to the last bit (a unit test holds them equal), for the 100k
 * rows of a queue build, where an object per row was a tenth of a second.
 */
export function priorityValue(
  score: number | null,
  probability: number | null,
  attempts: number,
  createdAtMs: number,
  callbackAtMs: number | null,
  nowMs: number,
): number {
  const base = probability !== null ? probability * 100 : (score ?? 0);
  const speed = attempts === 0 ? 30 * Math.exp(-Math.max(0, (nowMs - createdAtMs) / HOUR) / 12) : 0;
  let callback = 0;
  if (callbackAtMs !== null) {
    const delta = nowMs - callbackAtMs;
    if (delta >= -HOUR && delta <= HOUR) callback = 25;
    else if (delta > HOUR && delta <= 24 * HOUR) callback = 15;
    else if (delta < -HOUR) callback = -20;
  }
  const scorePart = Math.round(base * 0.6 * 10) / 10;
  const speedPart = Math.round(speed * 10) / 10;
  return Math.round((scorePart + speedPart + -Math.min(25, 5 * attempts) + callback) * 10) / 10;
}

/**
 * The same priority as priorityParts + priorityOf, in SQL, for the first screen of a fresh queue
 * (first-window.ts) before the full columns are loaded. Columns it reads: prob, score, attempts,
 * created_ms, callback_ms; parameter @now (ms). It skips the per-part rounding, so it may differ
 * from the JS figure by at most 0.15 (three parts rounded to 0.1); the caller checks its cut-off
 * with that margin and falls back to the full build when the check fails.
 */
export const PRIORITY_SQL = `(
  (CASE WHEN prob IS NOT NULL THEN prob * 100 ELSE COALESCE(score, 0) END) * 0.6
  + CASE WHEN attempts = 0 THEN COALESCE(30 * exp(-max(0, @now - created_ms) / ${HOUR}.0 / 12), 0) ELSE 0 END
  - min(25, 5 * attempts)
  + CASE WHEN callback_ms IS NULL THEN 0
         WHEN @now - callback_ms BETWEEN -${HOUR} AND ${HOUR} THEN 25
         WHEN @now - callback_ms > ${HOUR} AND @now - callback_ms <= ${24 * HOUR} THEN 15
         WHEN @now - callback_ms < -${HOUR} THEN -20 ELSE 0 END)`;

/** Largest gap between PRIORITY_SQL and priorityOf(priorityParts(...)), with room for float noise. */
export const PRIORITY_SQL_TOLERANCE = 0.2;
