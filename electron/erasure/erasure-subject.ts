import type { Db } from '../db/open';
import { normalizePhone, type PhoneRegion } from '../ingest/phone';

/** Nobody to erase (404), or a phone number that is none (400). */
export class ErasureError extends Error {
  override name = 'ErasureError';
  constructor(
    message: string,
    readonly status: 400 | 404 = 404,
  ) {
    super(message);
  }
}

/** Whom to erase: a lead by its id, or everyone and everything under a phone number. */
export type ErasureTarget = { leadId: string } | { phone: string };

/** Everything stored about one person, found before anything is removed. */
export interface ErasureSubject {
  /** The id the audit hash is made of: the lead id, else the phone number. */
  key: string;
  leadId: string | null;
  phones: string[];
  callIds: string[];
  /** Recordings of those calls as stored, and as ingest and sync saw them. */
  recordingPaths: string[];
  externalIds: string[];
}

/**
 * A lead's calls are the calls linked to it and any call from or to its number (a call ingested
 * before the lead existed is linked to nobody). By phone: the lead with that number, if any, and
 * every call from or to it. The other party's number on those calls (the agent's line) is not the
 * person's, so it does not widen the search.
 */
export function findErasureSubject(db: Db, target: ErasureTarget, region: PhoneRegion): ErasureSubject {
  let leadId: string | null = null;
  let phones: string[] = [];
  if ('leadId' in target) {
    const lead = db.prepare('SELECT lead_id, phone_number FROM leads WHERE lead_id = ?').get(target.leadId) as
      | { lead_id: string; phone_number: string | null }
      | undefined;
    if (!lead) throw new ErasureError(`no lead with id ${target.leadId}`);
    leadId = lead.lead_id;
    phones = lead.phone_number ? [lead.phone_number] : [];
  } else {
    const phone = normalizePhone(target.phone, region);
    if (!phone) throw new ErasureError(`${target.phone} is not a phone number (region ${region})`, 400);
    phones = [phone];
    leadId = (db.prepare('SELECT lead_id FROM leads WHERE phone_number = ?').pluck().get(phone) as string | undefined) ?? null;
  }
  const calls = db
    .prepare(
      `SELECT call_id, recording_path, external_id FROM calls
        WHERE lead_id = @leadId OR from_number IN (SELECT value FROM json_each(@phones)) OR to_number IN (SELECT value FROM json_each(@phones))
        ORDER BY call_id`,
    )
    .all({ leadId, phones: JSON.stringify(phones) }) as { call_id: string; recording_path: string | null; external_id: string | null }[];
  if (!leadId && calls.length === 0) throw new ErasureError(`no lead and no call with phone number ${phones[0] ?? ''}`);
  const callIds = calls.map((c) => c.call_id);
  const ids = JSON.stringify(callIds);
  const seen = db
    .prepare(
      `SELECT path FROM recording_files WHERE call_id IN (SELECT value FROM json_each(@ids))
       UNION SELECT file_path FROM sync_items WHERE file_path IS NOT NULL AND call_id IN (SELECT value FROM json_each(@ids))`,
    )
    .pluck()
    .all({ ids }) as string[];
  const recordingPaths = [...new Set([...calls.flatMap((c) => (c.recording_path ? [c.recording_path] : [])), ...seen])];
  return {
    key: leadId ?? phones[0] ?? '',
    leadId,
    phones,
    callIds,
    recordingPaths,
    externalIds: calls.flatMap((c) => (c.external_id ? [c.external_id] : [])),
  };
}
