import type { Db } from '../db/open';
import { stmt } from '../db/statements';
import type { Sidecar } from './sidecar';
import type { AudioInfo } from './probe';
import { DEFAULT_PHONE_REGION, normalizePhone, type PhoneRegion } from './phone';
import { callIdForHash, leadIdForPhone, leadIdForUnknownCaller } from './ids';
import { enqueueJob } from '../jobs/store';

export interface NewRecording {
  path: string;
  size: number;
  mtimeMs: number;
  hash: string;
  audio: AudioInfo;
  sidecar: Sidecar | null;
}

function customerNumber(sidecar: Sidecar | null, region: PhoneRegion): string | null {
  if (!sidecar) return null;
  // The customer is whoever is not the contact center: the caller inbound, the callee outbound.
  return normalizePhone(sidecar.direction === 'outbound' ? sidecar.to : sidecar.from, region);
}

function findOrCreateLead(
  db: Db,
  sidecar: Sidecar | null,
  callId: string,
  now: string,
  region: PhoneRegion,
): string {
  const phone = customerNumber(sidecar, region);
  const given = sidecar?.lead?.lead_id;
  const existing =
    (given &&
      (stmt(db, 'SELECT lead_id FROM leads WHERE lead_id = ?').get(given) as
        { lead_id: string } | undefined)) ||
    (phone &&
      (stmt(db, 'SELECT lead_id FROM leads WHERE phone_number = ?').get(phone) as
        { lead_id: string } | undefined));
  const lead = sidecar?.lead;
  if (existing) {
    // Sidecars fill in what we did not know; they never overwrite what a person or CRM entered.
    stmt(
      db,
      `UPDATE leads SET first_name = COALESCE(first_name, ?), last_name = COALESCE(last_name, ?),
         company = COALESCE(company, ?), email = COALESCE(email, ?), lead_source = COALESCE(lead_source, ?),
         campaign = COALESCE(campaign, ?), phone_number = COALESCE(phone_number, ?), updated_at = ?
       WHERE lead_id = ?`,
    ).run(
      lead?.first_name ?? null,
      lead?.last_name ?? null,
      lead?.company ?? null,
      lead?.email ?? null,
      lead?.lead_source ?? null,
      sidecar?.campaign ?? null,
      phone && !stmt(db, 'SELECT 1 FROM leads WHERE phone_number = ?').get(phone) ? phone : null,
      now,
      existing.lead_id,
    );
    return existing.lead_id;
  }
  const leadId = given ?? (phone ? leadIdForPhone(phone) : leadIdForUnknownCaller(callId));
  stmt(
    db,
    `INSERT INTO leads (lead_id, first_name, last_name, company, phone_number, email, lead_source, campaign, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    leadId,
    lead?.first_name ?? null,
    lead?.last_name ?? null,
    lead?.company ?? null,
    phone,
    lead?.email ?? null,
    lead?.lead_source ?? null,
    sidecar?.campaign ?? null,
    now,
    now,
  );
  return leadId;
}

/**
 * Stores a new call, its lead and its first job in one transaction, so a crash leaves either
 * all of them or none. Returns the call id. `region` reads numbers the sidecar wrote without a
 * country code (the installation's default phone region).
 */
export function recordNewCall(db: Db, rec: NewRecording, region: PhoneRegion = DEFAULT_PHONE_REGION): string {
  const callId = callIdForHash(rec.hash);
  const now = new Date().toISOString();
  const sidecar = rec.sidecar;
  db.transaction(() => {
    const leadId = findOrCreateLead(db, sidecar, callId, now, region);
    const startedAt = sidecar?.started_at
      ? new Date(sidecar.started_at).toISOString()
      : new Date(rec.mtimeMs).toISOString();
    stmt(
      db,
      `INSERT INTO calls (call_id, lead_id, external_id, direction, from_number, to_number, agent, campaign,
         call_start_time, call_duration, recording_path, recording_hash, recording_size, codec, sample_rate,
         channels, channel_map, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      callId,
      leadId,
      sidecar?.external_id ?? null,
      sidecar?.direction ?? null,
      normalizePhone(sidecar?.from, region) ?? sidecar?.from ?? null,
      normalizePhone(sidecar?.to, region) ?? sidecar?.to ?? null,
      sidecar?.agent ?? null,
      sidecar?.campaign ?? null,
      startedAt,
      rec.audio.durationS,
      rec.path,
      rec.hash,
      rec.size,
      rec.audio.codec,
      rec.audio.sampleRate,
      rec.audio.channels,
      sidecar?.channels ? JSON.stringify(sidecar.channels) : null,
      now,
      now,
    );
    stmt(
      db,
      `UPDATE leads SET call_count = (SELECT COUNT(*) FROM calls WHERE lead_id = ?),
         last_called_at = (SELECT MAX(call_start_time) FROM calls WHERE lead_id = ?), updated_at = ?
       WHERE lead_id = ?`,
    ).run(leadId, leadId, now, leadId);
    enqueueJob(db, callId, now);
    markPathSeen(db, rec, callId, now);
    stmt(db, 'DELETE FROM ingest_rejections WHERE path = ?').run(rec.path);
  })();
  return callId;
}

export function markPathSeen(
  db: Db,
  rec: { path: string; size: number; mtimeMs: number; hash: string },
  callId: string | null,
  now = new Date().toISOString(),
): void {
  stmt(
    db,
    `INSERT INTO recording_files (path, size, mtime_ms, hash, call_id, seen_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash,
       call_id = excluded.call_id, seen_at = excluded.seen_at`,
  ).run(rec.path, rec.size, Math.trunc(rec.mtimeMs), rec.hash, callId, now);
}

export function recordRejection(
  db: Db,
  path: string,
  size: number | null,
  mtimeMs: number | null,
  reason: string,
): void {
  stmt(
    db,
    `INSERT INTO ingest_rejections (path, size, mtime_ms, reason, rejected_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, reason = excluded.reason,
       rejected_at = excluded.rejected_at`,
  ).run(path, size, mtimeMs === null ? null : Math.trunc(mtimeMs), reason, new Date().toISOString());
}

/**
 * Forgets a file that was looked at and then removed by whoever put it there (an upload that was
 * refused, or the same audio as a stored call): neither the seen list nor the rejections name it.
 */
export function forgetFile(db: Db, path: string): void {
  stmt(db, `DELETE FROM recording_files WHERE path = ?`).run(path);
  stmt(db, `DELETE FROM ingest_rejections WHERE path = ?`).run(path);
}
