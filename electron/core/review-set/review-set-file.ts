import type { Db } from '../../db/open';

/**
 * A review set is one SQLite file: a CallRank database (same schema, so the whole app opens it)
 * holding only the chosen calls, their leads, scores, overrides and manual reviews, the rubrics
 * they use, plus two tables of its own: the audio bytes, and facts about the export.
 */
export const REVIEW_SET_TABLES = `
  CREATE TABLE IF NOT EXISTS review_set_info (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS review_set_audio (call_id TEXT PRIMARY KEY, file_name TEXT NOT NULL, bytes BLOB NOT NULL) STRICT;
`;

export interface ReviewSetInfo {
  /** Distinguishes sets: a set merged twice is recognised by its id. */
  setId: string;
  exportedAt: string;
  /** The database the calls came from (for the report only). */
  source: string;
  calls: string[];
}

export function readReviewSetInfo(db: Db, schema = 'main'): ReviewSetInfo {
  const hasInfo = db
    .prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE type = 'table' AND name = 'review_set_info'`)
    .get();
  if (!hasInfo) throw new Error('not a CallRank review set (no review_set_info table)');
  const rows = db.prepare(`SELECT key, value FROM ${schema}.review_set_info`).all() as {
    key: string;
    value: string;
  }[];
  const get = (k: string): string => {
    const v = rows.find((r) => r.key === k)?.value;
    if (v === undefined) throw new Error(`damaged review set: no ${k}`);
    return v;
  };
  return {
    setId: get('set_id'),
    exportedAt: get('exported_at'),
    source: get('source'),
    calls: JSON.parse(get('calls')) as string[],
  };
}
