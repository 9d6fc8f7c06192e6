import { afterEach, describe, expect, it } from 'vitest';
import { rankOpenLeads } from '../../../electron/ranking/rank-leads';
import { insertLead, tempDb } from './test-db';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('a prediction from a model that is not live', () => {
  it('does not rank the lead: priority and reason both follow the rubric score', () => {
    const t = tempDb();
    cleanup = t.cleanup;
    const { db } = t;
    insertLead(db, 'L-a', '+15550000001');
    insertLead(db, 'L-b', '+15550000002');
    db.prepare('UPDATE leads SET lead_score = ? WHERE lead_id = ?').run(40, 'L-a');
    db.prepare('UPDATE leads SET lead_score = ? WHERE lead_id = ?').run(10, 'L-b');
    const before = rankOpenLeads(db, { nowMs: Date.parse('2026-12-07T12:00:00Z') });
    // A retired model (active = 0) left a probability on the lower lead that would put it first.
    db.prepare(
      `INSERT INTO conversion_models (model_id, algorithm, trigger, trained_at, rows, positives, metrics, definition, active)
       VALUES (7, 'logistic', 'manual', '2026-12-01T00:00:00Z', 40, 20, '{}', '{}', 0)`,
    ).run();
    db.prepare(`INSERT INTO lead_predictions (lead_id, model_id, probability, reasons, predicted_at) VALUES ('L-b', 7, 0.99, '[]', '2026-12-01T00:00:00Z')`).run();
    const after = rankOpenLeads(db, { nowMs: Date.parse('2026-12-07T12:00:00Z') });
    expect(after.map((l) => l.lead_id)).toEqual(['L-a', 'L-b']);
    expect(after.map((l) => [l.priority, l.probability, l.rank_reason])).toEqual(before.map((l) => [l.priority, l.probability, l.rank_reason]));
    expect(after[1]?.rank_reason).toMatch(/rubric/);
    // Made live, the same prediction counts.
    db.prepare('UPDATE conversion_models SET active = 1 WHERE model_id = 7').run();
    expect(rankOpenLeads(db, { nowMs: Date.parse('2026-12-07T12:00:00Z') })[0]?.lead_id).toBe('L-b');
  });
});
