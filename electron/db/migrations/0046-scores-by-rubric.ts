import type { Migration } from '../migration';

/**
 * A re-score cut short (the app quit, or crashed) leaves scores made with an older rubric. Each
 * start asks whether any exist; without this index that question reads every score row and its
 * explanation (hundreds of MB at 100k calls), with it a few index pages.
 */
export const migration: Migration = {
  version: 46,
  name: 'scores-by-rubric',
  up(db) {
    db.exec(`CREATE INDEX IF NOT EXISTS scores_kind_rubric ON scores (kind, rubric_id)`);
  },
};
