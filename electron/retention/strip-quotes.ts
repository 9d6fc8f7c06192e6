import type { Db } from '../db/open';

interface Evidence {
  kind: string;
}

const REMOVED = { kind: 'none', note: 'quote deleted with the transcript (retention)' } as const;

/**
 * A score's evidence quotes are pieces of the transcript: once the transcript is deleted they go
 * too, and the points, outcome and criteria stay (so the score, its band and reports are kept).
 * Cached LLM answers of those calls quote the transcript as well and are dropped; the times said
 * on them (spoken_times) keep their windows and lose their quotes.
 */
export function stripTranscriptQuotes(db: Db, callIds: readonly string[]): number {
  const ids = JSON.stringify(callIds);
  const rows = db
    .prepare(`SELECT call_id, kind, breakdown FROM scores WHERE call_id IN (SELECT value FROM json_each(?))`)
    .all(ids) as { call_id: string; kind: string; breakdown: string }[];
  const write = db.prepare(`UPDATE scores SET breakdown = ? WHERE call_id = ? AND kind = ?`);
  let changed = 0;
  for (const r of rows) {
    const parsed = JSON.parse(r.breakdown) as unknown;
    let touched = false;
    const strip = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(strip);
      if (value && typeof value === 'object') {
        if ((value as Evidence).kind === 'quote' && 'quote' in value) {
          touched = true;
          return REMOVED;
        }
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v)]));
      }
      return value;
    };
    const next = strip(parsed);
    if (!touched) continue;
    write.run(JSON.stringify(next), r.call_id, r.kind);
    changed++;
  }
  db.prepare(`DELETE FROM llm_answers WHERE call_id IN (SELECT value FROM json_each(?))`).run(ids);
  // Times said on the call keep their window (the lead's callback still stands) but not the words.
  db.prepare(`UPDATE spoken_times SET quote = ? WHERE call_id IN (SELECT value FROM json_each(?))`).run(REMOVED.note, ids);
  return changed;
}
