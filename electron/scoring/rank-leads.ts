import type Database from 'better-sqlite3';
import { bandFor } from '../../shared/scoring/bands';
import { activeModel, MIN_OUTCOMES } from './model/model-store';
import { reasonText, type Reason } from './model/conversion-model';
import { refreshPredictions } from './model/prediction-store';
import { activeRubric } from './rubric-store';
import { ensureScoringSchema } from './scoring-schema';

export interface RankedLead {
  lead_id: string;
  phone_number: string | null;
  score: number | null;
  probability: number | null;
  band: string | null;
  call_ids: string[];
  rank_reason: string;
}

interface Row {
  lead_id: string;
  phone_number: string | null;
  lead_score: number | null;
  probability: number | null;
  reasons: string | null;
  call_ids: string | null;
}

/**
 * Open leads (no recorded outcome), best first: by the conversion model's calibrated probability when a
 * model is trained, else by the rubric lead score (cold start). Each says which and why.
 */
export function rankLeads(db: Database.Database, opts: { limit?: number } = {}): RankedLead[] {
  ensureScoringSchema(db);
  const model = activeModel(db);
  if (model) {
    // Only leads that changed since their prediction are re-predicted, so a busy queue stays cheap.
    const stale = db
      .prepare(
        `SELECT l.lead_id FROM leads l LEFT JOIN lead_predictions p ON p.lead_id = l.lead_id
         WHERE p.lead_id IS NULL OR p.model_id <> ? OR l.updated_at > p.predicted_at`,
      )
      .pluck()
      .all(model.modelId) as string[];
    if (stale.length) refreshPredictions(db, model, stale);
  }
  const order = model
    ? 'p.probability IS NULL, p.probability DESC, l.lead_score IS NULL, l.lead_score DESC, l.lead_id'
    : 'l.lead_score IS NULL, l.lead_score DESC, l.last_called_at DESC, l.lead_id';
  const rows = db
    .prepare(
      `SELECT l.lead_id, l.phone_number, l.lead_score, p.probability, p.reasons,
              (SELECT GROUP_CONCAT(call_id) FROM (SELECT call_id FROM calls c WHERE c.lead_id = l.lead_id
                 ORDER BY COALESCE(c.call_start_time, c.created_at) DESC)) AS call_ids
       FROM leads l LEFT JOIN lead_predictions p ON p.lead_id = l.lead_id
       WHERE l.outcome IS NULL ORDER BY ${order} LIMIT ?`,
    )
    .all(opts.limit ?? -1) as Row[];
  const bands = activeRubric(db, 'lead').rubric.bands;
  const known = model ? 0 : (db.prepare('SELECT COUNT(*) AS n FROM leads WHERE outcome IS NOT NULL').get() as { n: number }).n;
  return rows.map((r) => {
    const band = r.lead_score === null ? null : bandFor(r.lead_score, bands);
    let rank_reason: string;
    if (model && r.probability !== null) {
      const reasons = (JSON.parse(r.reasons ?? '[]') as Reason[]).map(reasonText).join(', ');
      rank_reason =
        `model #${model.modelId} (${model.algorithm}, CV AUC ${model.metrics.auc.toFixed(3)}): ${(r.probability * 100).toFixed(0)}% likely to convert` +
        (reasons ? `; top reasons: ${reasons}` : '');
    } else {
      const scorePart = r.lead_score === null ? 'not scored yet' : `rubric lead score ${r.lead_score} (${band})`;
      rank_reason = `${scorePart}; ranked by rubric score — cold start: ${known} known outcomes, the conversion model needs ${MIN_OUTCOMES}`;
    }
    return {
      lead_id: r.lead_id,
      phone_number: r.phone_number,
      score: r.lead_score,
      probability: r.probability,
      band,
      call_ids: r.call_ids ? r.call_ids.split(',') : [],
      rank_reason,
    };
  });
}
