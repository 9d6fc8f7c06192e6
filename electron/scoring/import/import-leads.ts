import type Database from 'better-sqlite3';
import type { CountryCode } from 'libphonenumber-js';
import { leadIdForPhone } from '../../ingest/ids';
import { normalizePhone } from '../../ingest/phone';
import { parseCsv } from '../../csv/parse-csv';
import { parseBinaryLabel } from './binary-label';
import { cell, extraAttributes, resolveColumns } from './column-map';
import { recordOutcomeInTransaction } from '../outcomes';

export const LEAD_COLUMNS = [
  'lead_id',
  'first_name',
  'last_name',
  'company',
  'phone_number',
  'email',
  'lead_source',
  'campaign',
  'crm_lead_status',
  'converted',
] as const;

export interface RowError {
  row: number;
  message: string;
}

export interface ImportReport {
  rows: number;
  inserted: number;
  updated: number;
  /** Leads whose outcome this import set or changed. */
  outcomesChanged: number;
  errors: RowError[];
  /** Call ids stored (calls import only). */
  callIds: string[];
}

export interface ImportOptions {
  map: Map<string, string>;
  defaultCountry?: CountryCode;
  /** Who to credit in the outcome history. */
  by?: string;
}

interface LeadRecord {
  lead_id: string;
  values: Record<(typeof LEAD_COLUMNS)[number], string | null>;
  phone: string | null;
  outcome: 'converted' | 'lost' | null;
  attributes: Record<string, string | number>;
}

/**
 * Imports or updates leads from a CSV file (bytes, or text). Every row is checked first; one bad
 * row imports nothing, and a file that cannot be read whole is refused (CsvError) before any row.
 */
export function importLeads(db: Database.Database, input: string | Uint8Array, opts: ImportOptions): ImportReport {
  const csv = parseCsv(input);
  const cols = resolveColumns(csv.header, LEAD_COLUMNS, opts.map);
  if (!cols.canonical.has('lead_id') && !cols.canonical.has('phone_number')) {
    return { rows: csv.rows.length, inserted: 0, updated: 0, outcomesChanged: 0, callIds: [], errors: [{ row: 1, message: 'the file needs a lead_id or a phone_number column (use --map)' }] };
  }
  const errors: RowError[] = [];
  const records: LeadRecord[] = [];
  const seenIds = new Map<string, number>();
  const seenPhones = new Map<string, string>();
  const phoneOwner = db.prepare('SELECT lead_id FROM leads WHERE phone_number = ?');
  csv.rows.forEach((row, r) => {
    const line = csv.rowNumbers[r] ?? r + 2;
    const values = Object.fromEntries(LEAD_COLUMNS.map((c) => [c, cell(row, cols, c)])) as LeadRecord['values'];
    const rawPhone = values.phone_number;
    const phone = rawPhone ? normalizePhone(rawPhone, opts.defaultCountry ?? 'US') : null;
    if (rawPhone && !phone) return void errors.push({ row: line, message: `phone_number "${rawPhone}" is not a valid phone number` });
    const leadId = values.lead_id ?? (phone ? leadIdForPhone(phone) : null);
    if (!leadId) return void errors.push({ row: line, message: 'no lead_id and no phone_number' });
    let outcome: LeadRecord['outcome'] = null;
    if (values.converted !== null) {
      const v = parseBinaryLabel(values.converted);
      if (v === null) return void errors.push({ row: line, message: `converted "${values.converted}" is not 1/0, yes/no, true/false or won/lost` });
      outcome = v === 1 ? 'converted' : 'lost';
    }
    if (seenIds.has(leadId)) return void errors.push({ row: line, message: `lead_id ${leadId} repeats row ${seenIds.get(leadId)}` });
    seenIds.set(leadId, line);
    if (phone) {
      const owner = (phoneOwner.get(phone) as { lead_id: string } | undefined)?.lead_id ?? seenPhones.get(phone);
      if (owner && owner !== leadId) return void errors.push({ row: line, message: `phone_number ${phone} already belongs to lead ${owner}` });
      seenPhones.set(phone, leadId);
    }
    records.push({ lead_id: leadId, values, phone, outcome, attributes: extraAttributes(row, cols) });
  });
  const report: ImportReport = { rows: csv.rows.length, inserted: 0, updated: 0, outcomesChanged: 0, errors, callIds: [] };
  if (errors.length) return report;

  const now = new Date().toISOString();
  const existing = db.prepare('SELECT outcome, attributes FROM leads WHERE lead_id = ?');
  const insert = db.prepare(
    `INSERT INTO leads (lead_id, first_name, last_name, company, phone_number, email, lead_source, campaign, crm_lead_status, outcome, attributes, created_at, updated_at)
     VALUES (@lead_id, @first_name, @last_name, @company, @phone_number, @email, @lead_source, @campaign, @crm_lead_status, NULL, @attributes, @now, @now)`,
  );
  // Only the columns the file has overwrite stored values; the rest stay as they were.
  const update = db.prepare(
    `UPDATE leads SET first_name = COALESCE(@first_name, first_name), last_name = COALESCE(@last_name, last_name),
       company = COALESCE(@company, company), phone_number = COALESCE(@phone_number, phone_number), email = COALESCE(@email, email),
       lead_source = COALESCE(@lead_source, lead_source), campaign = COALESCE(@campaign, campaign),
       crm_lead_status = COALESCE(@crm_lead_status, crm_lead_status),
       attributes = @attributes, updated_at = @now WHERE lead_id = @lead_id`,
  );
  db.transaction(() => {
    for (const rec of records) {
      const before = existing.get(rec.lead_id) as { outcome: string | null; attributes: string } | undefined;
      const attributes = { ...(before ? (JSON.parse(before.attributes) as Record<string, unknown>) : {}), ...rec.attributes };
      const params = { ...rec.values, lead_id: rec.lead_id, phone_number: rec.phone, attributes: JSON.stringify(attributes), now };
      if (before) {
        update.run(params);
        report.updated++;
      } else {
        insert.run(params);
        report.inserted++;
      }
      // Through the one outcome function: history, the lead's value and a queued retrain, in this transaction.
      if (rec.outcome && recordOutcomeInTransaction(db, { leadId: rec.lead_id, outcome: rec.outcome, by: opts.by ?? 'import', reason: 'CSV import', source: 'import' }))
        report.outcomesChanged++;
    }
  })();
  return report;
}
