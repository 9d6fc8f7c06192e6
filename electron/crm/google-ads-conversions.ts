import type { Db } from '../db/open';

/**
 * Qualified calls as Google Ads offline conversions, in the upload templates' own columns:
 * call conversions keyed by the caller's number (E.164) and call start time, and, for leads
 * that carry a Google click id (attributes.gclid), click conversions keyed by it. Times use
 * "yyyy-mm-dd hh:mm:ss+hh:mm" in UTC, as the templates allow. Only qualified calls are
 * exported, so only they count as conversions in ad optimisation.
 */

export interface ConversionExportOptions {
  conversionName: string;
  value: number | null;
  currency: string;
  since?: string;
}

export interface ConversionFiles {
  calls: string;
  clicks: string;
  callRows: number;
  clickRows: number;
  skipped: { callId: string; reason: string }[];
}

/** "2026-10-02 10:00:00+00:00" */
export function adsTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '+00:00');
}

function cell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function exportQualifiedConversions(db: Db, o: ConversionExportOptions): ConversionFiles {
  const rows = db
    .prepare(
      `SELECT c.call_id, c.call_start_time, c.call_duration, l.phone_number, l.attributes
       FROM scores s JOIN calls c ON c.call_id = s.call_id LEFT JOIN leads l ON l.lead_id = c.lead_id
       WHERE s.kind = 'lead' AND s.qualified = 1 AND (? IS NULL OR c.call_start_time >= ?)
       ORDER BY c.call_start_time, c.call_id`,
    )
    .all(o.since ?? null, o.since ?? null) as { call_id: string; call_start_time: string | null; call_duration: number | null; phone_number: string | null; attributes: string | null }[];
  const value = o.value === null ? '' : String(o.value);
  const calls = ['Parameters:TimeZone=+0000', "Caller's Phone Number,Call Start Time,Conversion Name,Conversion Time,Conversion Value,Conversion Currency"];
  const clicks = ['Parameters:TimeZone=+0000', 'Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency'];
  const skipped: ConversionFiles['skipped'] = [];
  for (const r of rows) {
    const start = r.call_start_time ? Date.parse(r.call_start_time) : NaN;
    if (Number.isNaN(start)) {
      skipped.push({ callId: r.call_id, reason: 'no call start time' });
      continue;
    }
    // The call qualified when it ended; Google requires the conversion after the call start.
    const converted = adsTime(start + Math.max(1, Math.ceil(r.call_duration ?? 0)) * 1000);
    const gclid = (JSON.parse(r.attributes || '{}') as { gclid?: unknown }).gclid;
    if (typeof gclid === 'string' && gclid) {
      clicks.push([gclid, o.conversionName, converted, value, o.currency].map(cell).join(','));
    } else if (r.phone_number) {
      calls.push([r.phone_number, adsTime(start), o.conversionName, converted, value, o.currency].map(cell).join(','));
    } else {
      skipped.push({ callId: r.call_id, reason: 'neither a caller number nor a click id' });
    }
  }
  return { calls: calls.join('\n') + '\n', clicks: clicks.join('\n') + '\n', callRows: calls.length - 2, clickRows: clicks.length - 2, skipped };
}
