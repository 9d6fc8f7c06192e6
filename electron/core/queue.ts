import type { Db } from '../db/open';

export interface QueueItem {
  lead_id: string;
  phone_number: string | null;
  name: string | null;
  score: number | null;
  call_ids: string[];
}

/** INTERIM ranking by lead score until the scoring module's rankLeads lands. */
export function rankedQueue(db: Db, limit: number | undefined): QueueItem[] {
  const rows = db
    .prepare(
      `SELECT l.lead_id, l.phone_number, TRIM(COALESCE(l.first_name,'') || ' ' || COALESCE(l.last_name,'')) AS name,
              l.lead_score AS score, GROUP_CONCAT(c.call_id) AS call_ids
       FROM leads l LEFT JOIN calls c ON c.lead_id = l.lead_id
       GROUP BY l.lead_id ORDER BY l.lead_score IS NULL, l.lead_score DESC, l.lead_id LIMIT ?`,
    )
    .all(limit ?? -1) as { lead_id: string; phone_number: string | null; name: string; score: number | null; call_ids: string | null }[];
  return rows.map((r) => ({ ...r, name: r.name || null, call_ids: r.call_ids ? r.call_ids.split(',') : [] }));
}
