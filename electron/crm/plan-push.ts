import { bandFor } from '../../shared/scoring/bands';
import type { Db } from '../db/open';
import { activeBands } from '../scoring/active-bands';
import { countedCallSql } from '../scoring/lead-score';
import { rubricVersions } from '../scoring/rubric-store';
import { criteriaOf, type CriterionSummary } from '../scoring/stored-outcomes';
import type { LeadRef } from './crm-adapter';

export type CrmVendor = 'hubspot' | 'salesforce' | 'pipedrive';
export const CRM_VENDORS: readonly CrmVendor[] = ['hubspot', 'salesforce', 'pipedrive'];

/** The CallRank values every CRM receives, under each vendor's own field names. */
export interface CrmFields {
  score: number;
  band: string;
  probability: number | null;
  top_reason: string;
}

export interface PlannedChange extends LeadRef {
  fields: CrmFields;
  /** What the CRM held from our last push, null for a first push. */
  previous: CrmFields | null;
}

interface Row {
  lead_id: string;
  email: string | null;
  phone_number: string | null;
  attributes: string;
  score: number;
  rubric_id: number;
  outcomes: string;
  probability: number | null;
  remote_id: string | null;
  pushed: string | null;
}

/** The met criterion that earned the most points: the reason a salesperson reads first. */
export function topReason(criteria: readonly CriterionSummary[]): string {
  const best = criteria.filter((c) => c.outcome === 'met' && c.points > 0).sort((a, z) => z.points - a.points)[0];
  return best ? best.description || best.id : '';
}

/** The record id a push stored, else one an import carried as attributes.<vendor>_id. */
export function knownRemoteId(vendor: CrmVendor, pushed: string | null, attributesJson: string | null): string | null {
  if (pushed) return pushed;
  const known = (JSON.parse(attributesJson || '{}') as Record<string, unknown>)[`${vendor}_id`];
  return typeof known === 'string' && known ? known : typeof known === 'number' ? String(known) : null;
}

/**
 * Every lead whose lead score (the one rule, scoring/lead-score.ts) differs from what we last wrote to this CRM. The dry run
 * prints this list and the real push sends exactly this list, so the two cannot disagree.
 */
export function planPush(db: Db, vendor: CrmVendor): PlannedChange[] {
  const rows = db
    .prepare(
      `SELECT l.lead_id, l.email, l.phone_number, l.attributes, l.lead_score AS score, s.rubric_id, s.outcomes,
              p.probability, st.remote_id, st.fields AS pushed
       FROM leads l JOIN scores s ON s.kind = 'lead' AND s.call_id = ${countedCallSql('l.lead_id')}
       LEFT JOIN lead_predictions p ON p.lead_id = l.lead_id
       LEFT JOIN crm_push_state st ON st.vendor = ? AND st.lead_id = l.lead_id
       WHERE l.lead_score IS NOT NULL ORDER BY l.lead_id`,
    )
    .all(vendor) as Row[];
  const bands = activeBands(db, 'lead');
  const versionOf = rubricVersions(db);
  const changes: PlannedChange[] = [];
  for (const r of rows) {
    const fields: CrmFields = {
      score: Math.round(r.score * 10) / 10,
      band: bandFor(r.score, bands),
      probability: r.probability === null ? null : Math.round(r.probability * 1000) / 1000,
      top_reason: topReason(criteriaOf(versionOf(r.rubric_id), r.outcomes)),
    };
    const previous = r.pushed ? (JSON.parse(r.pushed) as CrmFields) : null;
    if (previous && JSON.stringify(previous) === JSON.stringify(fields)) continue;
    changes.push({ leadId: r.lead_id, email: r.email, phone: r.phone_number, remoteId: knownRemoteId(vendor, r.remote_id, r.attributes), fields, previous });
  }
  return changes;
}
