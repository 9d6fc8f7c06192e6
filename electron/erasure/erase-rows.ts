import type { Db } from '../db/open';
import type { ErasureSubject } from './erasure-subject';

/**
 * Every row about the subject, per table, in one transaction. Calls go explicitly (their foreign
 * key would only unlink them from the lead); rows keyed by call or lead without a cascading key
 * (job runs, the CRM push log, model validation rows, sync items, files seen) go by their key.
 * The full-text index follows calls by its triggers (migration 0040).
 */
export function eraseRows(db: Db, s: ErasureSubject): Record<string, number> {
  const p = {
    ids: JSON.stringify(s.callIds),
    lead: s.leadId,
    phones: JSON.stringify(s.phones),
    paths: JSON.stringify(s.recordingPaths),
    ext: JSON.stringify(s.externalIds),
  };
  const inCalls = `(SELECT value FROM json_each(@ids))`;
  const steps: [string, string][] = [
    ['llm_answers', `DELETE FROM llm_answers WHERE call_id IN ${inCalls}`],
    ['scores', `DELETE FROM scores WHERE call_id IN ${inCalls}`],
    ['score_overrides', `DELETE FROM score_overrides WHERE call_id IN ${inCalls}`],
    ['manual_reviews', `DELETE FROM manual_reviews WHERE call_id IN ${inCalls}`],
    ['job_runs', `DELETE FROM job_runs WHERE call_id IN ${inCalls}`],
    ['jobs', `DELETE FROM jobs WHERE call_id IN ${inCalls}`],
    [
      'recording_files',
      `DELETE FROM recording_files WHERE call_id IN ${inCalls} OR path IN (SELECT value FROM json_each(@paths))`,
    ],
    ['ingest_rejections', `DELETE FROM ingest_rejections WHERE path IN (SELECT value FROM json_each(@paths))`],
    [
      'sync_items',
      `DELETE FROM sync_items WHERE call_id IN ${inCalls} OR remote_id IN (SELECT value FROM json_each(@ext))
         OR file_path IN (SELECT value FROM json_each(@paths))
         OR EXISTS (SELECT 1 FROM json_each(@phones) WHERE instr(sync_items.remote_json, value) > 0)`,
    ],
    ['calls', `DELETE FROM calls WHERE call_id IN ${inCalls}`],
    ['crm_push_log', `DELETE FROM crm_push_log WHERE lead_id = @lead`],
    ['crm_push_state', `DELETE FROM crm_push_state WHERE lead_id = @lead`],
    ['model_validation', `DELETE FROM model_validation WHERE lead_id = @lead`],
    ['lead_prediction_history', `DELETE FROM lead_prediction_history WHERE lead_id = @lead`],
    ['lead_predictions', `DELETE FROM lead_predictions WHERE lead_id = @lead`],
    ['outcomes', `DELETE FROM outcomes WHERE lead_id = @lead`],
    ['leads', `DELETE FROM leads WHERE lead_id = @lead`],
  ];
  const counts: Record<string, number> = {};
  for (const [table, sql] of steps) {
    const stmt = db.prepare(sql);
    // Each statement binds only the names it uses.
    const names = ['ids', 'lead', 'phones', 'paths', 'ext'] as const;
    const used = Object.fromEntries(names.filter((n) => sql.includes(`@${n}`)).map((n) => [n, p[n]]));
    const n = stmt.run(used).changes;
    if (n) counts[table] = n;
  }
  return counts;
}
