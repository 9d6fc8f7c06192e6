import type Database from 'better-sqlite3';
import { ensureScoringSchema } from '../scoring-schema';
import { subsetRows, type ConversionModel } from './conversion-model';
import { trainWithReport, type EvaluationReport } from './cross-validate';
import type { RawTable } from './dataset';
import { decide, MIN_PER_CLASS, type ActiveBasis, type GateReport } from './gate';
import { buildLeadTable, type LeadTable } from './lead-table';
import { predictLeads, scoreLeadRows, storePredictions } from './prediction-store';

export { MIN_PER_CLASS } from './gate';
/** Below this many known outcomes (of each class: MIN_PER_CLASS) the queue ranks by rubric score instead of a model. */
export const MIN_OUTCOMES = 2 * MIN_PER_CLASS;

export interface StoredModel {
  modelId: number;
  algorithm: string;
  trainedAt: string;
  trigger: 'manual' | 'auto';
  trainedBy: string | null;
  rows: number;
  positives: number;
  metrics: EvaluationReport;
  model: ConversionModel;
  exclude: string[];
  decision: 'activated' | 'refused';
  decisionReason: string;
  gate: GateReport | null;
  activatedAt: string | null;
  active: boolean;
}

export type TrainOutcome =
  | { status: 'activated'; model: StoredModel; predictions: number; reason: string }
  | { status: 'refused'; model: StoredModel; reason: string }
  | { status: 'cold_start'; labelled: number; positives: number; reason: string };

interface ModelRow {
  model_id: number;
  algorithm: string;
  trained_at: string;
  trigger: 'manual' | 'auto';
  trained_by: string | null;
  rows: number;
  positives: number;
  metrics: string;
  definition: string;
  decision: 'activated' | 'refused';
  decision_reason: string | null;
  gate: string | null;
  activated_at: string | null;
  active: number;
}

function fromRow(r: ModelRow): StoredModel {
  const def = JSON.parse(r.definition) as { model: ConversionModel; exclude: string[] };
  return {
    modelId: r.model_id,
    algorithm: r.algorithm,
    trainedAt: r.trained_at,
    trigger: r.trigger,
    trainedBy: r.trained_by,
    rows: r.rows,
    positives: r.positives,
    metrics: JSON.parse(r.metrics) as EvaluationReport,
    model: def.model,
    exclude: def.exclude,
    decision: r.decision,
    decisionReason: r.decision_reason ?? '',
    gate: r.gate ? (JSON.parse(r.gate) as GateReport) : null,
    activatedAt: r.activated_at,
    active: r.active === 1,
  };
}

export function activeModel(db: Database.Database): StoredModel | null {
  ensureScoringSchema(db);
  const r = db.prepare('SELECT * FROM conversion_models WHERE active = 1').get() as ModelRow | undefined;
  return r ? fromRow(r) : null;
}

export function storedModel(db: Database.Database, modelId: number): StoredModel | null {
  const r = db.prepare('SELECT * FROM conversion_models WHERE model_id = ?').get(modelId) as ModelRow | undefined;
  return r ? fromRow(r) : null;
}

/** Every model version, candidates included, newest first, without the fitted definitions. */
export function modelHistory(db: Database.Database): Array<Omit<StoredModel, 'model'>> {
  ensureScoringSchema(db);
  // The definitions (a text model's vocabulary runs to hundreds of KB) stay in the database.
  const rows = db
    .prepare(
      `SELECT model_id, algorithm, trained_at, trigger, trained_by, rows, positives, metrics, decision, decision_reason, gate, activated_at, active,
              json_object('model', NULL, 'exclude', json_extract(definition, '$.exclude')) AS definition
       FROM conversion_models ORDER BY model_id DESC`,
    )
    .all() as ModelRow[];
  return rows.map((r) => {
    const { model: _model, ...rest } = fromRow(r);
    return { ...rest, exclude: rest.exclude ?? [] };
  });
}

export interface TrainOptions {
  trigger: 'manual' | 'auto';
  by?: string;
  /** Columns to leave out; when absent the active model's exclusions carry over. */
  exclude?: string[];
  folds?: number;
}

function notEnough(labelled: number, positives: number): string | null {
  const negatives = labelled - positives;
  const tail = `; ranking by rubric score meanwhile`;
  if (labelled === 0) return `no known outcomes yet: a model needs at least ${MIN_PER_CLASS} converted and ${MIN_PER_CLASS} lost leads${tail}`;
  if (positives === 0 || negatives === 0) {
    const only = positives === 0 ? 'lost' : 'converted';
    const other = positives === 0 ? 'converted' : 'lost';
    return `all ${labelled} known outcomes are ${only}: a model needs at least ${MIN_PER_CLASS} ${other} leads too${tail}`;
  }
  if (positives < MIN_PER_CLASS || negatives < MIN_PER_CLASS)
    return `${labelled} known outcomes (${positives} converted, ${negatives} lost): a model needs at least ${MIN_PER_CLASS} of each${tail}`;
  return null;
}

/** The active model's honest scores on today's outcomes: out-of-fold where it was validated, its own prediction elsewhere. */
function activeBasis(db: Database.Database, active: StoredModel, leads: LeadTable, labelledRows: readonly number[]): ActiveBasis {
  const stored = new Map(
    (db.prepare('SELECT lead_id, probability FROM model_validation WHERE model_id = ?').raw().all(active.modelId) as Array<[string, number]>).map(
      ([id, p]) => [id, p],
    ),
  );
  if (stored.size === 0) return { modelId: active.modelId, recordedAuc: active.metrics.auc };
  const unseenRows = labelledRows.filter((r) => !stored.has(leads.leadIds[r] as string));
  const predicted = unseenRows.length ? scoreLeadRows(active.model, leads, unseenRows) : new Float64Array(0);
  const byRow = new Map(unseenRows.map((r, i) => [r, predicted[i] as number]));
  const scores = Float64Array.from(labelledRows, (r) => stored.get(leads.leadIds[r] as string) ?? (byRow.get(r) as number));
  return { modelId: active.modelId, scores, validated: labelledRows.length - unseenRows.length, unseen: unseenRows.length };
}

/**
 * Trains a candidate on every lead with a known outcome and stores it with its cross-validated
 * metrics. It goes live only if it passes the gate (gate.ts); otherwise it is kept as a refused
 * candidate with the reason, and the active model and every prediction stay as they were.
 */
export function trainConversionModel(db: Database.Database, opts: TrainOptions): TrainOutcome {
  ensureScoringSchema(db);
  const leads = buildLeadTable(db);
  const labelledRows = leads.outcome.flatMap((o, i) => (o === null ? [] : [i]));
  const y = Uint8Array.from(labelledRows, (i) => leads.outcome[i] as number);
  const positives = y.reduce((a, b) => a + b, 0);
  const short = notEnough(y.length, positives);
  if (short) return { status: 'cold_start', labelled: y.length, positives, reason: short };
  const previous = activeModel(db);
  const exclude = opts.exclude ?? previous?.exclude ?? [];
  // An automatic retrain re-validates only the structured algorithm that won last time, to stay quick.
  const algorithms = opts.trigger === 'auto' && previous ? [previous.model.algorithm] : undefined;
  const folds = Math.min(opts.folds ?? 5, positives, y.length - positives);
  const table: RawTable = { columns: leads.table.columns, values: subsetRows(leads.table.values, labelledRows), rows: labelledRows.length };
  const texts = labelledRows.map((r) => leads.texts[r] as LeadTable['texts'][number]);
  const { model, evaluation } = trainWithReport(table, y, { folds, exclude, texts, ...(algorithms ? { algorithms } : {}) });

  const scoreColumn = leads.table.columns.indexOf('rubric_lead_score');
  const rubric = Float64Array.from(labelledRows, (r) => {
    const v = scoreColumn >= 0 ? leads.table.values[scoreColumn]?.[r] : null;
    return typeof v === 'number' ? v : NaN;
  });
  const gate = decide(y, evaluation.outOfFold, rubric, previous ? activeBasis(db, previous, leads, labelledRows) : null);
  // Predictions are computed before the write transaction, so the write lock is held only to write.
  const predictions = gate.activate ? predictLeads(model, leads) : [];

  const lastOutcome = db.prepare('SELECT MAX(outcome_id) AS id FROM outcomes').get() as { id: number | null };
  const now = new Date().toISOString();
  const by = opts.by ?? opts.trigger;
  const modelId = db.transaction(() => {
    if (gate.activate) db.prepare('UPDATE conversion_models SET active = 0 WHERE active = 1').run();
    const info = db
      .prepare(
        `INSERT INTO conversion_models (algorithm, trigger, trained_by, trained_at, rows, positives, last_outcome_id, metrics, definition, warnings,
           active, decision, decision_reason, gate, activated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
        gate.activate ? 1 : 0,
        gate.activate ? 'activated' : 'refused',
        gate.reason,
        JSON.stringify(gate.report),
        gate.activate ? now : null,
      );
    const id = Number(info.lastInsertRowid);
    const validation = db.prepare('INSERT INTO model_validation (model_id, lead_id, outcome, probability) VALUES (?, ?, ?, ?)');
    labelledRows.forEach((r, i) => validation.run(id, leads.leadIds[r], y[i], evaluation.outOfFold[i]));
    db.prepare('INSERT INTO model_events (model_id, event, by, at, reason) VALUES (?, ?, ?, ?, ?)').run(
      id,
      gate.activate ? 'activated' : 'refused',
      by,
      now,
      gate.reason,
    );
    if (gate.activate) storePredictions(db, id, predictions, `model #${id} activated`);
    return id;
  })();
  const stored = storedModel(db, modelId);
  if (!stored) throw new Error('the new model was not stored');
  return gate.activate
    ? { status: 'activated', model: stored, predictions: predictions.length, reason: gate.reason }
    : { status: 'refused', model: stored, reason: gate.reason };
}

/**
 * Retrains when outcomes arrived since the newest model (active or refused), or when enough
 * exist for a first one. The one entry point the outcome loop calls.
 */
export function retrainIfOutcomesChanged(db: Database.Database): TrainOutcome | null {
  ensureScoringSchema(db);
  const last = (db.prepare('SELECT MAX(outcome_id) AS id FROM outcomes').get() as { id: number | null }).id;
  const newest = db.prepare('SELECT last_outcome_id FROM conversion_models ORDER BY model_id DESC LIMIT 1').get() as
    | { last_outcome_id: number | null }
    | undefined;
  if (last === null || (newest && newest.last_outcome_id !== null && newest.last_outcome_id >= last)) return null;
  return trainConversionModel(db, { trigger: 'auto', by: 'auto-retrain' });
}

export interface RollbackResult {
  /** The model now active, or null when the rubric score is the basis again. */
  active: number | null;
  previous: number | null;
  predictions: number;
}

/**
 * Makes an earlier model (one that was live before) the active one again and re-predicts every
 * lead with it; `modelId` null goes back to ranking by rubric score. The switch, its event and
 * the predictions are one transaction: a failure leaves the old state whole.
 */
export function rollbackModel(db: Database.Database, modelId: number | null, by: string, reason?: string): RollbackResult {
  if (!by.trim()) throw new Error('a rollback needs the name of who asked for it');
  const current = activeModel(db);
  const target = modelId === null ? null : storedModel(db, modelId);
  if (modelId !== null && !target) throw new Error(`there is no model #${modelId}`);
  if (target && target.activatedAt === null) throw new Error(`model #${modelId} was never live (${target.decisionReason}); only a model that was active before can be restored`);
  if ((current?.modelId ?? null) === modelId) throw new Error(modelId === null ? 'the rubric score is already the basis' : `model #${modelId} is already active`);
  const predictions = target ? predictLeads(target.model, buildLeadTable(db)) : [];
  const now = new Date().toISOString();
  const why = reason?.trim() || (target ? `rolled back from ${current ? `model #${current.modelId}` : 'the rubric score'}` : 'back to the rubric score');
  db.transaction(() => {
    db.prepare('UPDATE conversion_models SET active = 0 WHERE active = 1').run();
    if (target) {
      db.prepare('UPDATE conversion_models SET active = 1, activated_at = ? WHERE model_id = ?').run(now, target.modelId);
      storePredictions(db, target.modelId, predictions, `rollback to model #${target.modelId}`);
    } else {
      // Without a model no lead has a current probability; the history keeps what they had.
      db.prepare('DELETE FROM lead_predictions').run();
    }
    db.prepare('INSERT INTO model_events (model_id, event, by, at, reason) VALUES (?, ?, ?, ?, ?)').run(modelId, 'rolled_back', by, now, why);
  })();
  return { active: modelId, previous: current?.modelId ?? null, predictions: predictions.length };
}

export interface ModelEvent {
  eventId: number;
  modelId: number | null;
  event: 'activated' | 'refused' | 'rolled_back';
  by: string;
  at: string;
  reason: string;
}

/** The newest `limit` activations, refusals and rollbacks. */
export function modelEvents(db: Database.Database, limit = 200): ModelEvent[] {
  return (
    db.prepare('SELECT event_id, model_id, event, by, at, reason FROM model_events ORDER BY event_id DESC LIMIT ?').all(limit) as Array<{
      event_id: number;
      model_id: number | null;
      event: ModelEvent['event'];
      by: string;
      at: string;
      reason: string;
    }>
  ).map((e) => ({ eventId: e.event_id, modelId: e.model_id, event: e.event, by: e.by, at: e.at, reason: e.reason }));
}
