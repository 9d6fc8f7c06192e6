import type { Db } from '../db/open';
import type { CallScoreDto } from '../../shared/api/review';
import { tableExists } from '../queue/snapshot';
import { rubricVersions } from '../scoring/rubric-store';
import { explainStoredScore, storedCall } from '../scoring/stored-explanation';

interface ScoreRow {
  kind: 'lead' | 'qa';
  score: number;
  band: string;
  qualified: number;
  rubric_id: number;
  outcomes: string;
}

export function callScores(db: Db, callId: string): CallScoreDto[] {
  const rows = db
    .prepare(
      `SELECT s.kind, s.score, s.band, s.qualified, s.rubric_id, s.outcomes FROM scores s WHERE s.call_id = ? ORDER BY s.kind`,
    )
    .all(callId) as ScoreRow[];
  const versionOf = rubricVersions(db);
  const call = storedCall(db, callId);
  const overrides = tableExists(db, 'score_overrides');
  return rows.map((r) => {
    const stored = versionOf(r.rubric_id);
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
      rubric_version: stored?.version ?? 0,
      rubric_name: stored?.rubric.name ?? 'unknown rubric',
      criteria: stored ? explainStoredScore(db, callId, stored, r.outcomes, call) : [],
      override: o ?? null,
    };
  });
}
