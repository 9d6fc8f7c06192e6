import type Database from 'better-sqlite3';
import type { RubricKind } from '../../shared/scoring/rubric';
import { refreshLeadScore } from './lead-score';
import { ensureScoringSchema } from './scoring-schema';

export interface OverrideInput {
  callId: string;
  kind: RubricKind;
  newScore: number;
  by: string;
  reason: string | null;
}

export interface EffectiveScore {
  callId: string;
  kind: RubricKind;
  aiScore: number | null;
  effectiveScore: number | null;
  overridden: boolean;
  overriddenBy: string | null;
  reason: string | null;
}

/** Records a supervisor's score with who, when, the old and new value and why; the AI's score row is untouched. */
export function overrideScore(db: Database.Database, input: OverrideInput): EffectiveScore {
  ensureScoringSchema(db);
  if (!(input.newScore >= 0 && input.newScore <= 100)) throw new Error('an override score must be between 0 and 100');
  if (!input.by.trim()) throw new Error('an override needs the name of who made it');
  return db.transaction(() => {
    const before = effectiveScore(db, input.callId, input.kind);
    const lead = db.prepare('SELECT lead_id FROM calls WHERE call_id = ?').get(input.callId) as { lead_id: string | null } | undefined;
    if (!lead) throw new Error(`call ${input.callId} not found`);
    db.prepare(
      `INSERT INTO score_overrides (call_id, kind, ai_score, old_score, new_score, reason, overridden_by, overridden_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.callId, input.kind, before.aiScore, before.effectiveScore, input.newScore, input.reason, input.by, new Date().toISOString());
    if (lead.lead_id && input.kind === 'lead') refreshLeadScore(db, lead.lead_id);
    return effectiveScore(db, input.callId, input.kind);
  })();
}

export function effectiveScore(db: Database.Database, callId: string, kind: RubricKind): EffectiveScore {
  ensureScoringSchema(db);
  const ai = db.prepare('SELECT score FROM scores WHERE call_id = ? AND kind = ?').get(callId, kind) as { score: number } | undefined;
  const o = db
    .prepare('SELECT new_score, overridden_by, reason FROM score_overrides WHERE call_id = ? AND kind = ? ORDER BY override_id DESC LIMIT 1')
    .get(callId, kind) as { new_score: number; overridden_by: string; reason: string | null } | undefined;
  return {
    callId,
    kind,
    aiScore: ai?.score ?? null,
    effectiveScore: o?.new_score ?? ai?.score ?? null,
    overridden: o !== undefined,
    overriddenBy: o?.overridden_by ?? null,
    reason: o?.reason ?? null,
  };
}

export function overrideHistory(
  db: Database.Database,
  callId: string,
): Array<{ kind: string; ai_score: number | null; old_score: number | null; new_score: number; reason: string | null; overridden_by: string; overridden_at: string }> {
  ensureScoringSchema(db);
  return db
    .prepare('SELECT kind, ai_score, old_score, new_score, reason, overridden_by, overridden_at FROM score_overrides WHERE call_id = ? ORDER BY override_id')
    .all(callId) as ReturnType<typeof overrideHistory>;
}
