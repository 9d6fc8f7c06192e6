import type { Migration } from '../migration';

/** The criteria list inside a stored explanation: the whole result, or (older rows) the bare list. */
const CRITERIA = `json_each(s.breakdown, CASE json_type(s.breakdown) WHEN 'array' THEN '$' ELSE '$.criteria' END) e`;

/**
 * Scores keep which criteria each call met as one character per criterion (stored-outcomes.ts)
 * instead of a JSON explanation of several KB per row: rewriting 200,000 of those after a weight
 * edit took 12.5 s of a 19 s re-score. The explanation is now built when it is read. Each row's
 * code is taken from its explanation when the explanation lists the criteria of the row's rubric
 * version in order; otherwise the code is empty, which the next re-score evaluates from features
 * and readers show as no criteria (as they showed an explanation that did not parse).
 * `calls_analysed` lists analysed calls without reading their features.
 */
export const migration: Migration = {
  version: 120,
  name: 'score-outcomes',
  up(db) {
    db.exec(`
      ALTER TABLE scores ADD COLUMN outcomes TEXT NOT NULL DEFAULT '';
      UPDATE scores AS s SET outcomes = coalesce((
        SELECT CASE
                 WHEN group_concat(json_extract(e.value, '$.id'), char(31) ORDER BY e.key) IS
                      (SELECT group_concat(json_extract(d.value, '$.id'), char(31) ORDER BY d.key)
                       FROM rubrics r, json_each(r.definition, '$.criteria') d WHERE r.rubric_id = s.rubric_id)
                  AND sum(coalesce(json_extract(e.value, '$.outcome'), '') NOT IN ('not_met', 'met', 'not_applicable')) = 0
                 THEN group_concat(CASE json_extract(e.value, '$.outcome') WHEN 'not_met' THEN '0' WHEN 'met' THEN '1' ELSE '2' END,
                                   '' ORDER BY e.key)
               END
        FROM ${CRITERIA}), '')
      WHERE json_valid(s.breakdown);
      ALTER TABLE scores DROP COLUMN breakdown;
      CREATE INDEX IF NOT EXISTS calls_analysed ON calls (call_id) WHERE features IS NOT NULL;
    `);
  },
};
