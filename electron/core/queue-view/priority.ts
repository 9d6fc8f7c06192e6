import type { RankParts } from '../../../shared/api/queue-view';

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
