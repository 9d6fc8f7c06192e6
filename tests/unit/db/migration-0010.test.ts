import { afterEach, describe, expect, it } from 'vitest';
import { migration } from '../../../electron/db/migrations/0010-feedback-and-models';
import { dbAtVersion, upgradeTo } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

describe('migration 0010 feedback-and-models', () => {
  it('upgrades a version-3 database with leads, calls and scores: keeps them, and overrides, models and predictions attach to them', () => {
    const old = dbAtVersion(3, cleanups);
    old.prepare('INSERT INTO leads (lead_id, first_name, created_at, updated_at) VALUES (?, ?, ?, ?)').run('L1', 'Ann', T, T);
    old.prepare('INSERT INTO calls (call_id, lead_id, created_at, updated_at) VALUES (?, ?, ?, ?)').run('C1', 'L1', T, T);
    old.prepare(`INSERT INTO rubrics (kind, version, name, definition, active, created_at) VALUES ('lead', 1, 'r', '{}', 1, ?)`).run(T);
    old.prepare(`INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, breakdown, scored_at) VALUES ('C1', 'lead', 1, 40, 'warm', 0, '[]', ?)`).run(T);
    const rows = (d: typeof old): unknown => ({
      leads: d.prepare('SELECT * FROM leads').all(),
      calls: d.prepare('SELECT * FROM calls').all(),
      scores: d.prepare('SELECT * FROM scores').all(),
    });
    const before = rows(old);

    const db = upgradeTo(old, 10, cleanups);
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    expect(rows(db)).toEqual(before);
    // Re-running it on the upgraded file is harmless.
    migration.up(db);

    db.prepare(
      `INSERT INTO score_overrides (call_id, kind, ai_score, old_score, new_score, reason, overridden_by, overridden_at)
       VALUES ('C1', 'lead', 40, 40, 85, 'booked by phone later', 'sup', ?)`,
    ).run(T);
    expect(() =>
      db.prepare(`INSERT INTO score_overrides (call_id, kind, new_score, overridden_by, overridden_at) VALUES ('C1', 'lead', 120, 's', ?)`).run(T),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare(`INSERT INTO score_overrides (call_id, kind, new_score, overridden_by, overridden_at) VALUES ('C-none', 'lead', 50, 's', ?)`).run(T),
    ).toThrow(/FOREIGN KEY/);
    const insertModel = db.prepare(
      `INSERT INTO conversion_models (algorithm, trigger, trained_at, rows, positives, metrics, definition, active)
       VALUES ('gbdt', 'manual', ?, 10, 3, '{}', '{}', 1)`,
    );
    insertModel.run(T);
    expect(() => insertModel.run(T)).toThrow(/UNIQUE/);
    db.prepare(`INSERT INTO lead_predictions VALUES ('L1', 1, 0.7, '[]', ?)`).run(T);
    // The new tables go with the rows that were there before the upgrade.
    db.prepare(`DELETE FROM leads WHERE lead_id = 'L1'`).run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM lead_predictions').get()).toEqual({ n: 0 });
    db.prepare(`DELETE FROM calls WHERE call_id = 'C1'`).run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM score_overrides').get()).toEqual({ n: 0 });
  });
});
