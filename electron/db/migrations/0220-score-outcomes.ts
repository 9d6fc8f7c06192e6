import type { Migration } from '../migration';

/**
 * Scores keep which criteria each call met as one character per criterion (stored-outcomes.ts)
 * instead of a JSON explanation of several KB per row: rewriting 200,000 of those after a weight
 * edit took 12.5 s of a 19 s re-score. The explanation is now built when it is read.
 *
 * The table is rebuilt without the explanations rather than converting them: parsing 200,000
 * explanations took 20 s of CPU at 100k calls, in the start-up's path; copying the small columns
 * takes about 1.3 s. Rows start with an empty code; readers explain them from the call's
 * features, and the start-up's re-score (staleScoreKinds finds them by `scores_without_outcomes`)
 * fills the codes in a worker thread. Indexes and triggers on scores are carried over as they are.
 * `calls_analysed` lists analysed calls without reading their features.
 */
export const migration: Migration = {
  version: 220,
  name: 'score-outcomes',
  up(db) {
    const carried = db
      .prepare(`SELECT sql FROM sqlite_master WHERE tbl_name = 'scores' AND type IN ('index', 'trigger') AND sql IS NOT NULL`)
      .pluck()
      .all() as string[];
    db.exec(`
      CREATE TABLE scores_next (
        call_id     TEXT NOT NULL REFERENCES calls(call_id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN ('lead', 'qa')),
        rubric_id   INTEGER NOT NULL REFERENCES rubrics(rubric_id),
        score       REAL NOT NULL,
        band        TEXT NOT NULL,
        qualified   INTEGER NOT NULL CHECK (qualified IN (0, 1)),
        outcomes    TEXT NOT NULL DEFAULT '',  -- a character per criterion of the rubric version, '' until judged
        scored_at   TEXT NOT NULL,
        PRIMARY KEY (call_id, kind)
      ) STRICT;
      INSERT INTO scores_next (call_id, kind, rubric_id, score, band, qualified, scored_at)
        SELECT call_id, kind, rubric_id, score, band, qualified, scored_at FROM scores;
      DROP TABLE scores;
      ALTER TABLE scores_next RENAME TO scores;
    `);
    for (const sql of carried) db.exec(sql);
    db.exec(`
      CREATE INDEX IF NOT EXISTS scores_without_outcomes ON scores (kind) WHERE outcomes = '';
      CREATE INDEX IF NOT EXISTS calls_analysed ON calls (call_id) WHERE features IS NOT NULL;
    `);
  },
};
