import type Database from 'better-sqlite3';
import { binTable, explainRow, probabilities, type ConversionModel, type Reason } from './conversion-model';
import type { RawTable, RawValue } from './dataset';
import { buildLeadTable, type LeadTable } from './lead-table';
import { emptyTexts } from './text-features';

/** The part of a stored model predictions need. */
export interface PredictingModel {
  modelId: number;
  model: ConversionModel;
}

export interface Prediction {
  leadId: string;
  probability: number;
  reasons: Reason[];
  rubricId: number | null;
  leadScore: number | null;
}

/** The model's columns in its own order, taken by name from a freshly built table. */
export function alignToModel(model: ConversionModel, table: RawTable): RawValue[][] {
  const index = new Map(table.columns.map((c, i) => [c, i]));
  return model.columns.map((c) => {
    const i = index.get(c.name);
    return i === undefined ? new Array<RawValue>(table.rows).fill(null) : (table.values[i] ?? []);
  });
}

/** Probabilities of `rows` of a lead table (all rows when absent) under a model, without explanations. */
export function scoreLeadRows(model: ConversionModel, leads: LeadTable, rows?: readonly number[]): Float64Array {
  const pick = rows ?? Array.from(leads.leadIds.keys());
  const all = alignToModel(model, leads.table);
  const values = rows ? all.map((col) => pick.map((r) => col[r] ?? null)) : all;
  return probabilities(model, { values, rows: pick.length, texts: pick.map((r) => leads.texts[r] ?? emptyTexts()) });
}

/** Predicts and explains every lead of the table (top three signed reasons each). */
export function predictLeads(model: ConversionModel, leads: LeadTable): Prediction[] {
  const values = alignToModel(model, leads.table);
  const input = { values, rows: leads.table.rows, texts: leads.texts };
  const p = probabilities(model, input);
  const bins = binTable(model.columns, values);
  const scoreColumn = leads.table.columns.indexOf('rubric_lead_score');
  return leads.leadIds.map((leadId, r) => {
    const score = scoreColumn >= 0 ? leads.table.values[scoreColumn]?.[r] : null;
    return {
      leadId,
      probability: p[r] as number,
      reasons: explainRow(model, input, r, 3, bins),
      rubricId: leads.rubricIds[r] ?? null,
      leadScore: typeof score === 'number' ? score : null,
    };
  });
}

/**
 * Writes predictions: lead_predictions holds the latest per lead (what every ranking reads), and
 * the history gains a row whenever the model, the rubric version or the probability changed.
 * Runs inside the caller's transaction when there is one.
 */
export function storePredictions(db: Database.Database, modelId: number, predictions: readonly Prediction[], cause: string): number {
  const now = new Date().toISOString();
  const latest = db.prepare(
    `SELECT model_id, rubric_id, probability FROM lead_prediction_history WHERE lead_id = ? ORDER BY prediction_id DESC LIMIT 1`,
  );
  const append = db.prepare(
    `INSERT INTO lead_prediction_history (lead_id, model_id, rubric_id, lead_score, probability, reasons, predicted_at, cause)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const upsert = db.prepare(
    `INSERT INTO lead_predictions (lead_id, model_id, probability, reasons, predicted_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (lead_id) DO UPDATE SET model_id = excluded.model_id, probability = excluded.probability,
       reasons = excluded.reasons, predicted_at = excluded.predicted_at`,
  );
  let appended = 0;
  db.transaction(() => {
    for (const p of predictions) {
      const reasons = JSON.stringify(p.reasons);
      const last = latest.get(p.leadId) as { model_id: number; rubric_id: number | null; probability: number } | undefined;
      if (!last || last.model_id !== modelId || last.rubric_id !== p.rubricId || Math.abs(last.probability - p.probability) > 1e-9) {
        append.run(p.leadId, modelId, p.rubricId, p.leadScore, p.probability, reasons, now, cause);
        appended++;
      }
      upsert.run(p.leadId, modelId, p.probability, reasons, now);
    }
  })();
  return appended;
}

/** Predicts every lead (or just `leadIds`) with a model and stores the result. */
export function refreshPredictions(db: Database.Database, stored: PredictingModel | null, leadIds?: readonly string[], cause = 'the lead changed'): number {
  if (!stored) return 0;
  const predictions = predictLeads(stored.model, buildLeadTable(db, leadIds));
  storePredictions(db, stored.modelId, predictions, cause);
  return predictions.length;
}

/**
 * Re-predicts, with the active model, only the leads that changed since their prediction (or have
 * none): what a one-shot command runs before it ranks, and the model upkeep job after a retrain.
 */
export function refreshStalePredictions(db: Database.Database, active: PredictingModel | null): number {
  if (!active) return 0;
  const stale = db
    .prepare(
      `SELECT l.lead_id FROM leads l LEFT JOIN lead_predictions p ON p.lead_id = l.lead_id
       WHERE p.lead_id IS NULL OR p.model_id <> ? OR l.updated_at > p.predicted_at`,
    )
    .pluck()
    .all(active.modelId) as string[];
  return stale.length ? refreshPredictions(db, active, stale) : 0;
}

export interface PredictionHistoryEntry {
  predictionId: number;
  predictedAt: string;
  modelId: number;
  modelAuc: number | null;
  rubricId: number | null;
  rubricVersion: number | null;
  leadScore: number | null;
  probability: number;
  reasons: Reason[];
  cause: string;
  /** What differs from the entry before: the model, the rubric version, the score; empty for the first. */
  changes: string[];
}

/** A lead's predictions, oldest first, each saying what changed since the one before. */
export function leadPredictionHistory(db: Database.Database, leadId: string): PredictionHistoryEntry[] {
  const rows = db
    .prepare(
      `SELECT h.prediction_id, h.predicted_at, h.model_id, json_extract(m.metrics, '$.auc') AS auc, h.rubric_id, r.version AS rubric_version,
              h.lead_score, h.probability, h.reasons, h.cause
       FROM lead_prediction_history h JOIN conversion_models m ON m.model_id = h.model_id
       LEFT JOIN rubrics r ON r.rubric_id = h.rubric_id
       WHERE h.lead_id = ? ORDER BY h.prediction_id`,
    )
    .all(leadId) as Array<{
    prediction_id: number;
    predicted_at: string;
    model_id: number;
    auc: number | null;
    rubric_id: number | null;
    rubric_version: number | null;
    lead_score: number | null;
    probability: number;
    reasons: string;
    cause: string;
  }>;
  return rows.map((r, i) => {
    const before = rows[i - 1];
    const changes: string[] = [];
    if (before) {
      if (before.model_id !== r.model_id) changes.push(`model #${before.model_id} -> #${r.model_id}`);
      if (before.rubric_id !== r.rubric_id) changes.push(`lead rubric v${before.rubric_version ?? '?'} -> v${r.rubric_version ?? '?'}`);
      if (before.lead_score !== r.lead_score) changes.push(`rubric lead score ${before.lead_score ?? 'none'} -> ${r.lead_score ?? 'none'}`);
      changes.push(`probability ${(before.probability * 100).toFixed(0)}% -> ${(r.probability * 100).toFixed(0)}%`);
    }
    return {
      predictionId: r.prediction_id,
      predictedAt: r.predicted_at,
      modelId: r.model_id,
      modelAuc: r.auc,
      rubricId: r.rubric_id,
      rubricVersion: r.rubric_version,
      leadScore: r.lead_score,
      probability: r.probability,
      reasons: JSON.parse(r.reasons) as Reason[],
      cause: r.cause,
      changes,
    };
  });
}
