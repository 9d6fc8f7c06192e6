import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import type { ManualReviewDto } from '../../shared/api/review';
import type { Rubric } from '../../shared/scoring/rubric';
import { activeRubric } from '../scoring/rubric-store';

interface ReviewRow {
  review_uuid: string;
  reviewer: string;
  rubric_id: number | null;
  criterion_scores: string;
  total_score: number | null;
  notes: string | null;
  updated_at: string;
}

export function listReviews(db: Db, callId: string): ManualReviewDto[] {
  const rows = db
    .prepare(
      `SELECT review_uuid, reviewer, rubric_id, criterion_scores, total_score, notes, updated_at
       FROM manual_reviews WHERE call_id = ? ORDER BY updated_at DESC`,
    )
    .all(callId) as ReviewRow[];
  return rows.map((r) => ({ ...r, criterion_scores: JSON.parse(r.criterion_scores) as Record<string, number> }));
}

/**
 * A reviewer's total on the rubric's own scale: for a normalized scorecard, points given over the
 * points available on the criteria they judged; for a sum rubric, the clamped sum.
 */
export function manualTotal(rubric: Rubric, scores: Record<string, number>): number | null {
  let earned = 0;
  let available = 0;
  let judged = 0;
  for (const c of rubric.criteria) {
    const given = scores[c.id];
    if (given === undefined) continue;
    judged++;
    earned += given;
    available += Math.max(0, c.points * c.weight);
  }
  if (judged === 0) return null;
  const raw = rubric.scale === 'sum' ? earned : available > 0 ? (100 * Math.max(0, earned)) / available : 0;
  return Math.round(Math.min(100, Math.max(0, raw)) * 10) / 10;
}

export interface SaveReviewInput {
  callId: string;
  reviewUuid?: string;
  reviewer: string;
  criterionScores: Record<string, number>;
  notes?: string;
}

/** Insert or update by review_uuid, so the same review edited twice (or merged back) stays one row. */
export function saveReview(db: Db, input: SaveReviewInput): { reviewUuid: string; totalScore: number | null } {
  const qa = activeRubric(db, 'qa');
  const total = manualTotal(qa.rubric, input.criterionScores);
  const uuid = input.reviewUuid ?? randomUUID();
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO manual_reviews (review_uuid, call_id, reviewer, rubric_id, criterion_scores, total_score, notes, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (review_uuid) DO UPDATE SET reviewer = excluded.reviewer, rubric_id = excluded.rubric_id,
       criterion_scores = excluded.criterion_scores, total_score = excluded.total_score, notes = excluded.notes,
       updated_at = excluded.updated_at`,
  ).run(uuid, input.callId, input.reviewer, qa.rubricId, JSON.stringify(input.criterionScores), total, input.notes ?? null, now, now);
  return { reviewUuid: uuid, totalScore: total };
}
