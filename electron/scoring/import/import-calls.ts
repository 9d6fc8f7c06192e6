import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { analyseAndStoreCall } from '../../analysis/analyse-and-store';
import { analysisTrackers } from '../../trackers/team/team-tracker-store';
import { leadIdForPhone } from '../../ingest/ids';
import { normalizePhone } from '../../ingest/phone';
import type { Transcript } from '../../../shared/transcript';
import { scoreAndStoreCall } from '../score-and-store';
import { cell, extraAttributes, resolveColumns } from './column-map';
import type { ImportOptions, ImportReport, RowError } from './import-leads';
import { parseCsv } from '../../csv/parse-csv';
import { parseDuration, transcriptFromCell } from './transcript-text';
import { storedTranscript } from '../../redaction/store-redacted';

export const CALL_COLUMNS = [
  'call_id',
  'lead_id',
  'call_start_time',
  'call_duration',
  'direction',
  'agent',
  'call_transcript',
  'phone_number',
  'campaign',
] as const;

interface CallRecord {
  callId: string;
  leadId: string;
  /** A lead to create because the file named it only by phone number. */
  newLeadPhone: string | null;
  startedAt: string | null;
  durationS: number | null;
  direction: 'inbound' | 'outbound' | null;
  agent: string | null;
  campaign: string | null;
  phone: string | null;
  transcript: Transcript | null;
  attributes: Record<string, string | number>;
}

function parseDirection(v: string | null): CallRecord['direction'] | 'bad' {
  if (v === null) return null;
  const t = v.toLowerCase();
  if (['inbound', 'in', 'incoming'].includes(t)) return 'inbound';
  if (['outbound', 'out', 'outgoing'].includes(t)) return 'outbound';
  return 'bad';
}

/**
 * Imports calls from CSV text, linked to leads by lead_id (or phone_number), then analyses and scores them.
 * Every row is checked first; one bad row imports nothing, and a file that cannot be read whole is
 * refused (CsvError) before any row. Extra columns join the lead's custom attributes.
 */
export function importCalls(db: Database.Database, input: string | Uint8Array, opts: ImportOptions): ImportReport {
  const csv = parseCsv(input);
  const cols = resolveColumns(csv.header, CALL_COLUMNS, opts.map);
  const errors: RowError[] = [];
  const records: CallRecord[] = [];
  const leadExists = db.prepare('SELECT 1 FROM leads WHERE lead_id = ?');
  const leadByPhone = db.prepare('SELECT lead_id FROM leads WHERE phone_number = ?');
  const seen = new Map<string, number>();
  csv.rows.forEach((row, r) => {
    const line = csv.rowNumbers[r] ?? r + 2;
    const fail = (message: string): void => void errors.push({ row: line, message });
    const rawPhone = cell(row, cols, 'phone_number');
    const phone = rawPhone ? normalizePhone(rawPhone, opts.defaultCountry ?? 'US') : null;
    if (rawPhone && !phone) return fail(`phone_number "${rawPhone}" is not a valid phone number`);
    let leadId = cell(row, cols, 'lead_id');
    let newLeadPhone: string | null = null;
    if (leadId && !leadExists.get(leadId)) return fail(`lead_id ${leadId} is not a known lead (import leads first)`);
    if (!leadId && phone) {
      leadId = (leadByPhone.get(phone) as { lead_id: string } | undefined)?.lead_id ?? leadIdForPhone(phone);
      if (!leadExists.get(leadId)) newLeadPhone = phone;
    }
    if (!leadId) return fail('no lead_id and no phone_number to link the call to a lead');
    const rawStart = cell(row, cols, 'call_start_time');
    const start = rawStart ? new Date(rawStart) : null;
    if (start && Number.isNaN(start.getTime())) return fail(`call_start_time "${rawStart}" is not a date and time`);
    const rawDuration = cell(row, cols, 'call_duration');
    const durationS = rawDuration ? parseDuration(rawDuration) : null;
    if (rawDuration && durationS === null) return fail(`call_duration "${rawDuration}" is not seconds or h:mm:ss`);
    const direction = parseDirection(cell(row, cols, 'direction'));
    if (direction === 'bad') return fail(`direction "${cell(row, cols, 'direction')}" is not inbound or outbound`);
    let transcript: Transcript | null = null;
    const rawTranscript = cell(row, cols, 'call_transcript');
    if (rawTranscript) {
      try {
        transcript = transcriptFromCell(rawTranscript, durationS);
      } catch (err) {
        return fail(`call_transcript could not be read: ${(err as Error).message.slice(0, 200)}`);
      }
    }
    const callId =
      cell(row, cols, 'call_id') ??
      'C-imp-' + createHash('sha256').update(`${leadId}|${rawStart ?? ''}|${rawDuration ?? ''}|${rawTranscript ?? ''}`).digest('hex').slice(0, 16);
    if (seen.has(callId)) return fail(`call ${callId} repeats row ${seen.get(callId)}`);
    seen.set(callId, line);
    records.push({
      callId,
      leadId,
      newLeadPhone,
      startedAt: start ? start.toISOString() : null,
      durationS,
      direction,
      agent: cell(row, cols, 'agent'),
      campaign: cell(row, cols, 'campaign'),
      phone,
      transcript,
      attributes: extraAttributes(row, cols),
    });
  });
  const report: ImportReport = { rows: csv.rows.length, inserted: 0, updated: 0, outcomesChanged: 0, errors, callIds: [] };
  if (errors.length) return report;

  const now = new Date().toISOString();
  const createLead = db.prepare(`INSERT OR IGNORE INTO leads (lead_id, phone_number, created_at, updated_at) VALUES (?, ?, ?, ?)`);
  const exists = db.prepare('SELECT 1 FROM calls WHERE call_id = ?');
  const upsert = db.prepare(
    `INSERT INTO calls (call_id, lead_id, direction, from_number, to_number, agent, campaign, call_start_time, call_duration, transcript, transcript_text, created_at, updated_at)
     VALUES (@callId, @leadId, @direction, @from, @to, @agent, @campaign, @startedAt, @durationS, @transcript, @text, @now, @now)
     ON CONFLICT (call_id) DO UPDATE SET lead_id = excluded.lead_id, direction = excluded.direction, from_number = excluded.from_number,
       to_number = excluded.to_number, agent = excluded.agent, campaign = excluded.campaign, call_start_time = excluded.call_start_time,
       call_duration = excluded.call_duration, transcript = COALESCE(excluded.transcript, calls.transcript),
       transcript_text = COALESCE(excluded.transcript_text, calls.transcript_text), updated_at = excluded.updated_at`,
  );
  const leadAttributes = db.prepare('SELECT attributes FROM leads WHERE lead_id = ?');
  const setAttributes = db.prepare('UPDATE leads SET attributes = ?, updated_at = ? WHERE lead_id = ?');
  const refreshCounts = db.prepare(
    `UPDATE leads SET call_count = (SELECT COUNT(*) FROM calls WHERE lead_id = @id),
       last_called_at = (SELECT MAX(call_start_time) FROM calls WHERE lead_id = @id), updated_at = @now WHERE lead_id = @id`,
  );
  db.transaction(() => {
    for (const rec of records) {
      if (rec.newLeadPhone) createLead.run(rec.leadId, rec.newLeadPhone, now, now);
      report[exists.get(rec.callId) ? 'updated' : 'inserted']++;
      // The lead's number is the far end: the caller on inbound calls, the dialled number on outbound.
      const leadPhone = rec.phone;
      const stored = rec.transcript ? storedTranscript(db, rec.transcript) : null;
      upsert.run({
        ...rec,
        from: rec.direction === 'outbound' ? null : leadPhone,
        to: rec.direction === 'outbound' ? leadPhone : null,
        // Redaction at rest: the stored form, with what the settings name removed.
        transcript: stored?.json ?? null,
        text: stored?.text ?? null,
        now,
      });
      if (Object.keys(rec.attributes).length) {
        const before = JSON.parse((leadAttributes.get(rec.leadId) as { attributes: string }).attributes) as Record<string, unknown>;
        setAttributes.run(JSON.stringify({ ...before, ...rec.attributes }), now, rec.leadId);
      }
      report.callIds.push(rec.callId);
    }
    for (const id of new Set(records.map((r) => r.leadId))) refreshCounts.run({ id, now });
  })();
  // Analysed in start-time order so each call knows how many calls the lead had before it.
  const ordered = [...records].sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
  db.transaction(() => {
    for (const rec of ordered) {
      analyseAndStoreCall(db, rec.callId, analysisTrackers(db));
      scoreAndStoreCall(db, rec.callId);
    }
  })();
  return report;
}
