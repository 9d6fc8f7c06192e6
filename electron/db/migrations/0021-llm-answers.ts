import type { Migration } from '../migration';

/**
 * Answers to rubric questions put to an LLM, cached by a key over the exact (redacted) prompt,
 * the model and the rubric version, so a re-score sends nothing and pays nothing; with the
 * tokens and cost of each request, for the per-call cost shown to the user.
 */
export const migration: Migration = {
  version: 21,
  name: 'llm-answers',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS llm_answers (
        cache_key         TEXT PRIMARY KEY,        -- sha256(prompt + model + rubric version)
        call_id           TEXT REFERENCES calls(call_id) ON DELETE CASCADE,
        rubric_version    TEXT NOT NULL,
        criterion_id      TEXT NOT NULL,
        model             TEXT NOT NULL,
        answer            TEXT NOT NULL,           -- JSON LlmAnswer
        redactions        INTEGER NOT NULL DEFAULT 0,
        prompt_tokens     INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        cost_usd          REAL NOT NULL,
        created_at        TEXT NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS llm_answers_call ON llm_answers(call_id);
    `);
  },
};
