import type { Db } from '../db/open';
import { SNIPPET_MARK } from '../../shared/api/reports';

/** Words become quoted FTS5 terms (all must match), so user text can never be read as query syntax. */
export function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}']+/gu) ?? [];
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '')}"`).join(' ');
}

export interface SearchHit {
  call_id: string;
  lead_id: string | null;
  name: string | null;
  agent: string | null;
  call_start_time: string | null;
  snippet: string;
}

export function searchTranscripts(db: Db, text: string, limit: number): SearchHit[] {
  const q = ftsQuery(text);
  if (!q) return [];
  return db
    .prepare(
      `SELECT c.call_id, c.lead_id, c.agent, c.call_start_time,
              NULLIF(TRIM(COALESCE(l.first_name,'') || ' ' || COALESCE(l.last_name,'')), '') AS name,
              snippet(transcript_fts, 0, ?, ?, '…', 14) AS snippet
       FROM transcript_fts f JOIN calls c ON c.rowid = f.rowid LEFT JOIN leads l ON l.lead_id = c.lead_id
       WHERE transcript_fts MATCH ? ORDER BY rank LIMIT ?`,
    )
    .all(SNIPPET_MARK.start, SNIPPET_MARK.end, q, limit) as SearchHit[];
}
