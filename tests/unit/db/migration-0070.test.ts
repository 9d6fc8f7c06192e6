import { afterEach, describe, expect, it } from 'vitest';
import { migration } from '../../../electron/db/migrations/0070-model-gating';
import { dbAtVersion } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

describe('migration 0070 model-gating', () => {
  it('records the models trained before gating as having gone live, keeps their predictions, and adds validation and events', () => {
    const db = dbAtVersion(69, cleanups);
    db.prepare(`INSERT INTO leads (lead_id, created_at, updated_at) VALUES ('L1', ?, ?)`).run(T, T);
    const model = db.prepare(
      `INSERT INTO conversion_models (algorithm, trigger, trained_by, trained_at, rows, positives, metrics, definition, active) VALUES ('gbdt', ?, ?, ?, 40, 12, '{"auc":0.7}', '{}', ?)`,
    );
    model.run('manual', 'ann', '2025-12-01T00:00:00Z', 0);
    model.run('auto', null, '2025-12-02T00:00:00Z', 1);
    db.prepare(`INSERT INTO lead_predictions (lead_id, model_id, probability, reasons, predicted_at) VALUES ('L1', 2, 0.4, '[]', ?)`).run(T);

    migration.up(db);
    migration.up(db);
    expect(db.prepare('SELECT model_id, active, decision, decision_reason, activated_at FROM conversion_models ORDER BY model_id').all()).toEqual([
      { model_id: 1, active: 0, decision: 'activated', decision_reason: 'trained before models were gated: every trained model went live', activated_at: '2025-12-01T00:00:00Z' },
      { model_id: 2, active: 1, decision: 'activated', decision_reason: 'trained before models were gated: every trained model went live', activated_at: '2025-12-02T00:00:00Z' },
    ]);
    expect(db.prepare('SELECT model_id, event, by FROM model_events ORDER BY event_id').all()).toEqual([
      { model_id: 1, event: 'activated', by: 'ann' },
      { model_id: 2, event: 'activated', by: 'auto' },
    ]);
    expect(db.prepare('SELECT probability FROM lead_predictions').pluck().get()).toBe(0.4);
    expect(() => db.prepare(`UPDATE conversion_models SET decision = 'maybe' WHERE model_id = 1`).run()).toThrow(/CHECK/);
    db.prepare(`INSERT INTO model_validation (model_id, lead_id, outcome, probability) VALUES (2, 'L1', 1, 0.6)`).run();
    expect(() => db.prepare(`INSERT INTO model_validation (model_id, lead_id, outcome, probability) VALUES (2, 'L1', 0, 0.1)`).run()).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare(`INSERT INTO model_events (model_id, event, by, at, reason) VALUES (2, 'deleted', 'x', ?, 'r')`).run(T)).toThrow(/CHECK/);
  });
});
