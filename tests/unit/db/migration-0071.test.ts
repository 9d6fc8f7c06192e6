import { afterEach, describe, expect, it } from 'vitest';
import { migration } from '../../../electron/db/migrations/0071-prediction-history';
import { dbAtVersion } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

describe('migration 0071 prediction-history', () => {
  it('carries the stored predictions into an append-only history that leaves with its lead', () => {
    const db = dbAtVersion(70, cleanups);
    const lead = db.prepare(`INSERT INTO leads (lead_id, created_at, updated_at) VALUES (?, ?, ?)`);
    for (const id of ['L1', 'L2', 'L3']) lead.run(id, T, T);
    db.prepare(
      `INSERT INTO conversion_models (algorithm, trigger, trained_at, rows, positives, metrics, definition, active) VALUES ('gbdt', 'auto', ?, 40, 12, '{}', '{}', 1)`,
    ).run(T);
    const prediction = db.prepare(`INSERT INTO lead_predictions (lead_id, model_id, probability, reasons, predicted_at) VALUES (?, 1, ?, '[]', ?)`);
    prediction.run('L1', 0.3, '2026-01-02T00:00:00Z');
    prediction.run('L2', 0.8, '2026-01-01T00:00:00Z');

    migration.up(db);
    migration.up(db);
    expect(db.prepare('SELECT lead_id, model_id, probability, cause FROM lead_prediction_history ORDER BY prediction_id').all()).toEqual([
      { lead_id: 'L2', model_id: 1, probability: 0.8, cause: 'kept from before prediction history' },
      { lead_id: 'L1', model_id: 1, probability: 0.3, cause: 'kept from before prediction history' },
    ]);
    expect(db.prepare('SELECT COUNT(*) FROM lead_predictions').pluck().get()).toBe(2);
    expect(() => db.prepare('UPDATE lead_prediction_history SET probability = 0.9').run()).toThrow(/append-only/);
    expect(() =>
      db.prepare(`INSERT INTO lead_prediction_history (lead_id, model_id, probability, reasons, predicted_at, cause) VALUES ('L9', 1, 0.5, '[]', ?, 'x')`).run(T),
    ).toThrow(/FOREIGN KEY/);
    db.prepare(`DELETE FROM leads WHERE lead_id = 'L1'`).run();
    expect(db.prepare('SELECT lead_id FROM lead_prediction_history').pluck().all()).toEqual(['L2']);
  });
});
