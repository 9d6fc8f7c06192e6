import type { Migration } from '../migration';

/**
 * A team's own concept trackers, taught by example in Rubric & calibration. Every save is a new
 * immutable version (definition as written, and the model trained from it), so a score made with
 * a rubric version can be traced to the tracker versions it recorded (docs/design/team-trackers.md).
 */
export const migration: Migration = {
  version: 225,
  name: 'team-trackers',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS team_trackers (
        tracker_id  TEXT NOT NULL,
        version     INTEGER NOT NULL,
        -- The tracker as a person wrote it: name, who says it, examples, keywords, "not this".
        definition  TEXT NOT NULL,
        -- The model trained from it (electron/trackers/tracker-model.ts), read by analysis.
        model       TEXT NOT NULL,
        -- 1 on each tracker's current version only.
        active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_by  TEXT,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (tracker_id, version)
      ) STRICT;
      CREATE INDEX IF NOT EXISTS team_trackers_active ON team_trackers (active, tracker_id);
      -- Calls queued again after a tracker save: their analyse stage re-runs the team trackers on
      -- the stored turns instead of analysing the whole transcript again.
      CREATE TABLE IF NOT EXISTS tracker_reanalysis (
        call_id TEXT PRIMARY KEY REFERENCES calls(call_id) ON DELETE CASCADE
      ) STRICT;
    `);
  },
};
