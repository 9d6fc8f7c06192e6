import type { Db } from '../../electron/db/open';
import { activeRubric, ensureDefaultRubrics } from '../../electron/scoring/rubric-store';

/** Many leads with one scored call each, written in one transaction, for queue benchmarks. */
export function seedLeads(db: Db, count: number): void {
  const now = new Date().toISOString();
  ensureDefaultRubrics(db);
  const rubricId = activeRubric(db, 'lead')?.rubricId;
  if (rubricId === undefined) throw new Error('no active lead rubric after ensureDefaultRubrics');
  const lead = db.prepare(
    `INSERT INTO leads (lead_id, first_name, phone_number, lead_score, call_count, campaign, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)`,
  );
  const call = db.prepare(
    `INSERT INTO calls (call_id, lead_id, call_start_time, call_duration, agent, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const score = db.prepare(
    `INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, outcomes, scored_at) VALUES (?, 'lead', ?, ?, ?, ?, '', ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      // A deterministic spread of scores, so runs compare.
      const s = (i * 7919) % 101;
      const id = `L${i}`;
      lead.run(id, `Lead ${i}`, `+1415${String(2000000 + i).padStart(7, '0')}`, s, i % 3 ? 'spring' : 'inbound', now, now);
      call.run(`C${i}`, id, now, 60 + (i % 300), `Agent ${i % 20}`, now, now);
      score.run(`C${i}`, rubricId, s, s >= 70 ? 'hot' : s >= 40 ? 'warm' : 'cold', s >= 60 ? 1 : 0, now);
    }
  })();
}
