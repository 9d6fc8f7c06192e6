import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/db/open';
import { migration } from '../../../electron/db/migrations/0043-queue-data-version';
import { dbAtVersion } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

const version = (db: Db): number => db.prepare('SELECT n FROM queue_data_version').pluck().get() as number;

describe('migration 0043 queue-data-version', () => {
  it('counts every change the queue reads, in the writing transaction, and nothing else', () => {
    const db = dbAtVersion(42, cleanups);
    db.prepare(
      `INSERT INTO leads (lead_id, first_name, created_at, updated_at) VALUES ('L1', 'Ann', ?, ?)`,
    ).run(T, T);
    migration.up(db);
    migration.up(db);
    const rows = db.prepare('SELECT id, n, database FROM queue_data_version').all() as { database: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.database).toMatch(/^[0-9a-f]{32}$/);
    expect(db.prepare(`SELECT count(*) FROM leads`).pluck().get()).toBe(1);

    /** Runs `sql` and returns by how much the count moved. */
    const bump = (sql: string, ...params: unknown[]): number => {
      const before = version(db);
      db.prepare(sql).run(...params);
      return version(db) - before;
    };
    // Leads: a new lead, a watched column, the same value again, a column the queue does not show.
    expect(bump(`INSERT INTO leads (lead_id, created_at, updated_at) VALUES ('L2', ?, ?)`, T, T)).toBe(1);
    expect(bump(`UPDATE leads SET campaign = 'Spring' WHERE lead_id = 'L1'`)).toBe(1);
    expect(bump(`UPDATE leads SET campaign = 'Spring' WHERE lead_id = 'L1'`)).toBe(0);
    expect(bump(`UPDATE leads SET ai_sentiment = 0.4, updated_at = 'later' WHERE lead_id = 'L1'`)).toBe(0);
    expect(
      bump(`UPDATE leads SET attributes = '{"callback_at":"2026-02-01T10:00:00Z"}' WHERE lead_id = 'L1'`),
    ).toBe(1);
    // Calls: a new call and its agent count; its transcript does not.
    expect(
      bump(
        `INSERT INTO calls (call_id, lead_id, agent, created_at, updated_at) VALUES ('C1', 'L1', 'Bo', ?, ?)`,
        T,
        T,
      ),
    ).toBe(1);
    expect(bump(`UPDATE calls SET transcript_text = 'hello' WHERE call_id = 'C1'`)).toBe(0);
    expect(bump(`UPDATE calls SET agent = 'Cy' WHERE call_id = 'C1'`)).toBe(1);
    // Scores: only the lead kind, and only a changed score.
    expect(
      bump(
        `INSERT INTO rubrics (rubric_id, kind, version, name, definition, active, created_at) VALUES (1, 'lead', 1, 'r', '{}', 1, ?)`,
        T,
      ),
    ).toBe(1);
    const score = `INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, breakdown, scored_at)
                   VALUES ('C1', ?, 1, ?, 'hot', 1, ?, ?)
                   ON CONFLICT (call_id, kind) DO UPDATE SET score = excluded.score, breakdown = excluded.breakdown`;
    expect(bump(score, 'qa', 80, '{}', T)).toBe(0);
    expect(bump(score, 'lead', 80, '{}', T)).toBe(1);
    expect(bump(score, 'lead', 80, '{"explained":"again"}', T)).toBe(0);
    expect(bump(score, 'lead', 85, '{}', T)).toBe(1);
    // Predictions.
    db.prepare(
      `INSERT INTO conversion_models (model_id, algorithm, trigger, trained_at, rows, positives, metrics, definition) VALUES (1, 'gbdt', 'manual', ?, 1, 1, '{}', '{}')`,
    ).run(T);
    expect(
      bump(
        `INSERT INTO lead_predictions (lead_id, model_id, probability, reasons, predicted_at) VALUES ('L1', 1, 0.3, '[]', ?)`,
        T,
      ),
    ).toBe(1);
    expect(bump(`UPDATE lead_predictions SET reasons = '[1]' WHERE lead_id = 'L1'`)).toBe(0);
    expect(bump(`UPDATE lead_predictions SET probability = 0.6 WHERE lead_id = 'L1'`)).toBe(1);
    // Deleting a lead counts (its calls' lead_id is set to NULL, its prediction goes with it).
    expect(bump(`DELETE FROM leads WHERE lead_id = 'L2'`)).toBe(1);

    // A write rolled back takes its count back with it.
    const before = version(db);
    expect(() =>
      db.transaction(() => {
        db.prepare(`UPDATE leads SET outcome = 'converted' WHERE lead_id = 'L1'`).run();
        throw new Error('abort');
      })(),
    ).toThrow('abort');
    expect(version(db)).toBe(before);
  });
});
