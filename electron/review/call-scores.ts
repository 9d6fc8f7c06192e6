import type { Db } from '../db/open';
import { criterionResultSchema, type CallScoreDto, type CriterionResultDto } from '../../shared/api/review';
import { tableExists } from '../queue/snapshot';

interface ScoreRow {
  kind: 'lead' | 'qa';
  score: number;
  band: string;
  qualified: number;
  rubric_id: number;
  version: number | null;
  name: string | null;
  breakdown: string;
}

/** The scorer stores either the criteria list or the whole result; read both, drop what does not parse. */
export function parseBreakdown(json: string): CriterionResultDto[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  const list = Array.isArray(raw) ? raw : ((raw as { criteria?: unknown }).criteria ?? []);
  if (!Array.isArray(list)) return [];
  return list.flatMap((c: unknown) => {
    const parsed = criterionResultSchema.safeParse(c);
    return parsed.success ? [parsed.data] : [];
  });
}

export function callScores(db: Db, callId: string): CallScoreDto[] {
  const rows = db
    .prepare(
      `SELECT s.kind, s.score, s.band, s.qualified, s.rubric_id, r.version, r.name, s.breakdown
       FROM scores s LEFT JOIN rubrics r ON r.rubric_id = s.rubric_id WHERE s.call_id = ? ORDER BY s.kind`,
    )
    .all(callId) as ScoreRow[];
  const overrides = tableExists(db, 'score_overrides');
  return rows.map((r) => {
    const o = overrides
      ? (db
          .prepare(
            `SELECT new_score AS score, reason, overridden_by AS by, overridden_at AS at FROM score_overrides
             WHERE call_id = ? AND kind = ? ORDER BY override_id DESC LIMIT 1`,
          )
          .get(callId, r.kind) as { score: number; reason: string | null; by: string; at: string } | undefined)
      : undefined;
    return {
      kind: r.kind,
      score: r.score,
      band: r.band,
      qualified: r.qualified === 1,
      rubric_id: r.rubric_id,
      rubric_version: r.version ?? 0,
      rubric_name: r.name ?? 'unknown rubric',
      criteria: parseBreakdown(r.breakdown),
      override: o ?? null,
    };
  });
}
