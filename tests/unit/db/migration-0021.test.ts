import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { migration } from '../../../electron/db/migrations/0021-llm-answers';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('migration 0021 llm-answers', () => {
  it('keys answers by cache key, drops them with their call, and can run twice', () => {
    const tmp = tempDir('cr-m21-');
    cleanups.push(tmp.cleanup);
    const db = openDatabase(join(tmp.path, 'x.db'));
    cleanups.unshift(() => db.close());
    migration.up(db);
    const now = new Date().toISOString();
    db.prepare('INSERT INTO calls (call_id, created_at, updated_at) VALUES (?, ?, ?)').run('C1', now, now);
    const ins = db.prepare(
      `INSERT INTO llm_answers (cache_key, call_id, rubric_version, criterion_id, model, answer, prompt_tokens, completion_tokens, cost_usd, created_at)
       VALUES ('k1', 'C1', 'lead@1', 'q', 'gpt-4o', '{}', 10, 2, 0.001, ?)`,
    );
    ins.run(now);
    expect(() => ins.run(now)).toThrow(/UNIQUE|PRIMARY/);
    db.prepare(`DELETE FROM calls WHERE call_id = 'C1'`).run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM llm_answers').get()).toEqual({ n: 0 });
  });
});
