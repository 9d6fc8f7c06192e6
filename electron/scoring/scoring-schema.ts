import type Database from 'better-sqlite3';
import { stmt } from '../db/statements';
import { migration as feedbackAndModels } from '../db/migrations/0010-feedback-and-models';

/**
 * Until migration 10 is registered with openDatabase, scoring code creates its tables itself.
 * It leaves user_version alone so that the registered migrations still run in order later.
 */
export function ensureScoringSchema(db: Database.Database): void {
  const exists = stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'conversion_models'").get();
  if (!exists) db.transaction(() => feedbackAndModels.up(db))();
}
