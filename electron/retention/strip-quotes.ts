import type { Db } from '../db/open';
import { QUOTE_DELETED } from '../scoring/stored-explanation';

/**
 * A score's evidence quotes are pieces of the transcript: once the transcript is deleted they go
 * too, and the points, outcome and criteria stay (so the score, its band and reports are kept).
 * Explanations are built when read and show no quotes of a deleted transcript
 * (stored-explanation.ts); cached LLM answers of those calls quote the transcript as well and are
 * dropped here; the times said on them (spoken_times) keep their windows and lose their quotes.
 * Returns how many scores lost their quotes.
 */
export function stripTranscriptQuotes(db: Db, callIds: readonly string[]): number {
  const ids = JSON.stringify(callIds);
  db.prepare(`DELETE FROM llm_answers WHERE call_id IN (SELECT value FROM json_each(?))`).run(ids);
  // Times said on the call keep their window (the lead's callback still stands) but not the words.
  db.prepare(`UPDATE spoken_times SET quote = ? WHERE call_id IN (SELECT value FROM json_each(?))`).run(QUOTE_DELETED.note, ids);
  return db.prepare(`SELECT COUNT(*) FROM scores WHERE call_id IN (SELECT value FROM json_each(?))`).pluck().get(ids) as number;
}
