import type Database from 'better-sqlite3';
import { ensureScoringSchema } from '../scoring-schema';
import { binTable, explainRow, probabilities, subsetRows, type ConversionModel, type Reason } from './conversion-model';
import { trainWithReport, type EvaluationReport } from './cross-validate';
import type { RawTable, RawValue } from './dataset';
import { buildLeadTable } from './lead-table';

/** Below this many known outcomes the queue ranks by rubric score instead of a model. */
export const MIN_OUTCOMES = 20;
const MIN_PER_CLASS = 3;

export interface StoredModel {
  modelId: number;
  algorithm: string;
  trainedAt: string;
  trigger: 'manual' | 'auto';
  rows: number;
  positives: number;
  metrics: EvaluationReport;
  model: ConversionModel;
  exclude: string[];
}

export type TrainOutcome =
  | { status: 'trained'; model: StoredModel; predictions: number }
  | { status: 'cold_start'; labelled: number; positives: number; reason: string };

interface ModelRow {
  model_id: number;
  algorithm: string;
  trained_at: string;
  trigger: 'manual' | 'auto';
  rows: number;
  positives: number;
  metrics: string;
  definition: string;
}

function fromRow(r: ModelRow): StoredModel {
  const def = JSON.parse(r.definition) as { model: ConversionModel; exclude: string[] };
  return {
    modelId: r.model_id,
    algorithm: r.algorithm,
    trainedAt: r.trained_at,
    trigger: r.trigger,
    rows: r.rows,
    positives: r.positives,
    metrics: JSON.parse(r.metrics) as EvaluationReport,
    model: def.model,
    exclude: def.exclude,
  };
}

export function activeModel(db: Database.Database): StoredModel | null {
  ensureScoringSchema(db);
  const r = db.prepare('SELECT * FROM conversion_models WHERE active = 1').get() as ModelRow | undefined;
  return r ? fromRow(r) : null;
}

/** Every model version with its metrics, newest first, so a new model can be compared with the old. */
export function modelHistory(db: Database.Database): Array<Omit<StoredModel, 'model'> & { active: boolean }> {
  ensureScoringSchema(db);
  const rows = db.prepare('SELECT * FROM conversion_models ORDER BY model_id DESC').all() as Array<ModelRow & { active: number }>;
  return rows.map((r) => {
    const { model: _model, ...rest } = fromRow(r);
    return { ...rest, active: r.active === 1 };
  });
}

/** The model's columns in its own order, taken by name from a freshly built table. */
export function alignToModel(model: ConversionModel, table: RawTable): RawValue[][] {
  const index = new Map(table.columns.map((c, i) => [c, i]));
  return model.columns.map((c) => {
    const i = index.get(c.name);
    return i === undefined ? new Array<RawValue>(table.rows).fill(null) : (table.values[i] ?? []);
  });
}

/** Predicts every lead (or just `leadIds`) with the active model and stores probability and top signed reasons. */
export function refreshPredictions(db: Database.Database, stored: StoredModel | null = activeModel(db), leadIds?: readonly string[]): number {
  if (!stored) return 0;
  const leads = buildLeadTable(db, leadIds);
  const values = alignToModel(stored.model, leads.table);
  const p = probabilities(stored.model, values, leads.table.rows);
  const now = new Date().toISOString();
  const upsert = db.prepare(
    `INSERT INTO lead_predictions (lead_id, model_id, probability, reasons, predicted_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (lead_id) DO UPDATE SET model_id = excluded.model_id, probability = excluded.probability,
       reasons = excluded.reasons, predicted_at = excluded.predicted_at`,
  );
  const bins = binTable(stored.model.columns, values);
  db.transaction(() => {
    leads.leadIds.forEach((id, r) => {
      const reasons: Reason[] = explainRow(stored.model, values, r, 3, bins);
      upsert.run(id, stored.modelId, p[r] as number, JSON.stringify(reasons), now);
    });
  })();
  return leads.leadIds.length;
}

export interface TrainOptions {
  trigger: 'manual' | 'auto';
  by?: string;
  /** Columns to leave out; when absent the active model's exclusions carry over. */
  exclude?: string[];
  folds?: number;
}

/** Trains on every lead with a known outcome, keeps the new version with its CV metrics beside the old, and re-predicts. */
export function trainConversionModel(db: Database.Database, opts: TrainOptions): TrainOutcome {
  ensureScoringSchema(db);
  const leads = buildLeadTable(db);
  const labelledRows = leads.outcome.flatMap((o, i) => (o === null ? [] : [i]));
  const y = Uint8Array.from(labelledRows, (i) => leads.outcome[i] as number);
  const positives = y.reduce((a, b) => a + b, 0);
  const negatives = y.length - positives;
  if (y.length < MIN_OUTCOMES || positives < MIN_PER_CLASS || negatives < MIN_PER_CLASS) {
    return {
      status: 'cold_start',
      labelled: y.length,
      positives,
      reason: `${y.length} known outcomes (${positives} converted, ${negatives} lost): a model needs at least ${MIN_OUTCOMES} with ${MIN_PER_CLASS} of each; ranking by rubric score meanwhile`,
    };
  }
  const previous = activeModel(db);
  const exclude = opts.exclude ?? previous?.exclude ?? [];
  // An automatic retrain re-validates only the algorithm that won last time, to stay quick.
  const algorithms = opts.trigger === 'auto' && previous ? [previous.model.algorithm] : undefined;
  const folds = Math.min(opts.folds ?? 5, positives, negatives);
  const table: RawTable = { columns: leads.table.columns, values: subsetRows(leads.table.values, labelledRows), rows: labelledRows.length };
  const { model, evaluation } = trainWithReport(table, y, { folds, exclude, ...(algorithms ? { algorithms } : {}) });
  const lastOutcome = db.prepare('SELECT MAX(outcome_id) AS id FROM outcomes').get() as { id: number | null };
  const now = new Date().toISOString();
  const modelId = db.transaction(() => {
    db.prepare('UPDATE conversion_models SET active = 0 WHERE active = 1').run();
    const info = db
      .prepare(
        `INSERT INTO conversion_models (algorithm, trigger, trained_by, trained_at, rows, positives, last_outcome_id, metrics, definition, warnings, active)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
      )
      .run(
        model.algorithm,
        opts.trigger,
        opts.by ?? null,
        now,
        y.length,
        positives,
        lastOutcome.id,
        JSON.stringify(evaluation.report),
        JSON.stringify({ model, exclude }),
        JSON.stringify(evaluation.report.leakageWarnings),
      );
    return Number(info.lastInsertRowid);
  })();
  const stored = activeModel(db);
  if (!stored || stored.modelId !== modelId) throw new Error('the new model was not stored');
  return { status: 'trained', model: stored, predictions: refreshPredictions(db, stored) };
}

/** Retrains when outcomes arrived since the active model (or when enough exist for a first one). */
export function retrainIfOutcomesChanged(db: Database.Database): TrainOutcome | null {
  ensureScoringSchema(db);
  const last = (db.prepare('SELECT MAX(outcome_id) AS id FROM outcomes').get() as { id: number | null }).id;
  const active = db.prepare('SELECT last_outcome_id FROM conversion_models WHERE active = 1').get() as { last_outcome_id: number | null } | undefined;
  if (last === null || (active && active.last_outcome_id !== null && active.last_outcome_id >= last)) return null;
  return trainConversionModel(db, { trigger: 'auto', by: 'auto-retrain' });
}
