import type { Db } from '../db/open';

/**
 * A review set is one SQLite file: a CallRank database (same schema, so the whole app opens it)
 * holding only the chosen calls, their leads, scores, overrides and manual reviews, the rubrics
 * they use, plus two tables of its own: the audio bytes, and facts about the export.
 */
export const REVIEW_SET_TABLES = `
  CREATE TABLE IF NOT EXISTS review_set_info (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS review_set_audio (call_id TEXT PRIMARY KEY, file_name TEXT NOT NULL, bytes BLOB NOT NULL) STRICT;
`;

/**
 * The layout of the set's own tables and facts. A reader refuses a higher number rather than
 * guess at it; sets written before the number was recorded are format 1.
 */
export const REVIEW_SET_FORMAT = 1;

/** Where `review-set open` writes a set's recordings: the only files that set's calls may play. */
export function reviewSetAudioDir(setFile: string): string {
  return setFile + '.audio';
}

/** Whether a database is a review set (it has the set's own facts table). */
export function isReviewSet(db: Db, schema = 'main'): boolean {
  return !!db
    .prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE type = 'table' AND name = 'review_set_info'`)
    .get();
}

export interface ReviewSetInfo {
  /** Distinguishes sets: a set merged twice is recognised by its id. */
  setId: string;
  exportedAt: string;
  /** The database the calls came from (for the report only). */
  source: string;
  calls: string[];
}

/** A file that is not a usable review set; the message says which way, for the person who chose it. */
export class ReviewSetFileError extends Error {
  override name = 'ReviewSetFileError';
}

export function readReviewSetInfo(db: Db, schema = 'main'): ReviewSetInfo {
  if (!isReviewSet(db, schema)) throw new ReviewSetFileError('not a CallRank review set (a database without review-set information)');
  const rows = db.prepare(`SELECT key, value FROM ${schema}.review_set_info`).all() as {
    key: string;
    value: string;
  }[];
  const get = (k: string): string => {
    const v = rows.find((r) => r.key === k)?.value;
    if (v === undefined) throw new ReviewSetFileError(`damaged review set: no ${k}`);
    return v;
  };
  const formatText = rows.find((r) => r.key === 'format')?.value ?? '1';
  const format = Number(formatText);
  if (!Number.isInteger(format) || format < 1) throw new ReviewSetFileError(`damaged review set: format "${formatText}"`);
  if (format > REVIEW_SET_FORMAT) {
    throw new ReviewSetFileError(
      `this review set is format ${format}, written by a newer CallRank; this one reads format ${REVIEW_SET_FORMAT}: update CallRank to merge it`,
    );
  }
  return {
    setId: get('set_id'),
    exportedAt: get('exported_at'),
    source: get('source'),
    calls: parseCalls(get('calls')),
  };
}

function parseCalls(text: string): string[] {
  try {
    const calls: unknown = JSON.parse(text);
    if (Array.isArray(calls) && calls.every((c) => typeof c === 'string')) return calls;
  } catch {
    // Reported below, as the same damage.
  }
  throw new ReviewSetFileError('damaged review set: its list of calls is unreadable');
}
