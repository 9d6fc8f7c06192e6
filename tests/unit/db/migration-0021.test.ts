import { afterEach, describe, expect, it } from 'vitest';
import { migration } from '../../../electron/db/migrations/0021-llm-answers';
import { dbAtVersion, upgradeTo } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

describe('migration 0021 llm-answers', () => {
  it('upgrades a version-20 database with calls: keeps them; answers are keyed by cache key and go with their call; can run twice', () => {
    const old = dbAtVersion(20, cleanups);
    old.prepare('INSERT INTO calls (call_id, transcript_text, created_at, updated_at) VALUES (?, ?, ?, ?)').run('C1', 'customer: how much is it?', T, T);
    old.prepare('INSERT INTO calls (call_id, created_at, updated_at) VALUES (?, ?, ?)').run('C2', T, T);
    const before = old.prepare('SELECT * FROM calls ORDER BY call_id').all();

    const db = upgradeTo(old, 21, cleanups);
    expect(db.pragma('user_version', { simple: true })).toBe(21);
    expect(db.prepare('SELECT * FROM calls ORDER BY call_id').all()).toEqual(before);
    migration.up(db);

    const ins = db.prepare(
      `INSERT INTO llm_answers (cache_key, call_id, rubric_version, criterion_id, model, answer, prompt_tokens, completion_tokens, cost_usd, created_at)
       VALUES (?, ?, 'lead@1', 'q', 'gpt-4o', '{}', 10, 2, 0.001, ?)`,
    );
    ins.run('k1', 'C1', T);
    ins.run('k2', 'C2', T);
    expect(() => ins.run('k1', 'C2', T)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => ins.run('k3', 'C-none', T)).toThrow(/FOREIGN KEY/);
    db.prepare(`DELETE FROM calls WHERE call_id = 'C1'`).run();
    expect(db.prepare('SELECT cache_key FROM llm_answers').all()).toEqual([{ cache_key: 'k2' }]);
  });
});
