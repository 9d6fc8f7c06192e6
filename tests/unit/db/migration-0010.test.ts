import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { migration } from '../../../electron/db/migrations/0010-feedback-and-models';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function freshDb(): ReturnType<typeof openDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'cr-m10-'));
  dirs.push(dir);
  return openDatabase(join(dir, 'test.db'));
}

describe('migration 0010 feedback-and-models', () => {
  it('creates overrides, models and predictions, and can run twice', () => {
    const db = freshDb();
    migration.up(db);
    migration.up(db);
    const now = new Date().toISOString();
    db.prepare('INSERT INTO leads (lead_id, created_at, updated_at) VALUES (?, ?, ?)').run('L1', now, now);
    db.prepare('INSERT INTO calls (call_id, lead_id, created_at, updated_at) VALUES (?, ?, ?, ?)').run('C1', 'L1', now, now);
    db.prepare(
      `INSERT INTO score_overrides (call_id, kind, ai_score, old_score, new_score, reason, overridden_by, overridden_at)
       VALUES ('C1', 'lead', 40, 40, 85, 'booked by phone later', 'sup', ?)`,
    ).run(now);
    expect(() =>
      db.prepare(`INSERT INTO score_overrides (call_id, kind, new_score, overridden_by, overridden_at) VALUES ('C1', 'lead', 120, 's', ?)`).run(now),
    ).toThrow(/CHECK/);
    const insertModel = db.prepare(
      `INSERT INTO conversion_models (algorithm, trigger, trained_at, rows, positives, metrics, definition, active)
       VALUES ('gbdt', 'manual', ?, 10, 3, '{}', '{}', 1)`,
    );
    insertModel.run(now);
    expect(() => insertModel.run(now)).toThrow(/UNIQUE/);
    db.prepare(`INSERT INTO lead_predictions VALUES ('L1', 1, 0.7, '[]', ?)`).run(now);
    db.prepare(`DELETE FROM leads WHERE lead_id = 'L1'`).run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM lead_predictions').get()).toEqual({ n: 0 });
    db.prepare(`DELETE FROM calls WHERE call_id = 'C1'`).run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM score_overrides').get()).toEqual({ n: 0 });
    db.close();
  });
});
