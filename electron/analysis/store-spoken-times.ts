import type Database from 'better-sqlite3';
import { stmt } from '../db/statements';
import type { Turn } from '../../shared/scoring/call-features';
import { findSpokenTimes, type SpokenTime } from './spoken-times';

/** The zone a time is read in when the caller's number names none: this machine's, marked as assumed. */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * Reads the times said on one analysed call and keeps them (replacing what an earlier analysis
 * kept), then the lead's callback window. Runs inside the caller's transaction.
 */
export function storeSpokenTimes(
  db: Database.Database,
  call: { callId: string; leadId: string | null; startedAt: string | null; timeZone: string | null },
  turns: readonly Turn[],
  fallbackTimeZone: string = machineTimeZone(),
): SpokenTime[] {
  const times = findSpokenTimes(turns, { callStartedAt: call.startedAt, timeZone: call.timeZone, fallbackTimeZone });
  stmt(db, 'DELETE FROM spoken_times WHERE call_id = ?').run(call.callId);
  const insert = stmt(
    db,
    `INSERT INTO spoken_times (call_id, seq, kind, start_at, end_at, start_ms, end_ms, time_zone, zone_assumed,
                               expression, quote, speaker, said_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  times.forEach((t, seq) =>
    insert.run(call.callId, seq, t.kind, t.start, t.end, t.startMs, t.endMs, t.timeZone, t.zoneAssumed ? 1 : 0, t.expression, t.quote, t.speaker, t.saidAt),
  );
  if (call.leadId) refreshLeadCallbackWindow(db, call.leadId);
  return times;
}

/**
 * The lead's callback window, from its latest call that asked for one: the times asked for, in the
 * order said, each replacing the one before unless it contains it ("tomorrow around three ... talk
 * to you tomorrow" keeps three o'clock; "tomorrow at three ... no, Thursday morning" takes Thursday).
 * A later call that started once the window had opened answered it, so the lead has none.
 */
export function refreshLeadCallbackWindow(db: Database.Database, leadId: string): void {
  const latest = stmt(
    db,
    `SELECT t.call_id FROM spoken_times t JOIN calls c ON c.call_id = t.call_id
     WHERE c.lead_id = ? AND t.kind = 'callback'
     ORDER BY COALESCE(c.call_start_time, c.created_at) DESC LIMIT 1`,
  )
    .pluck()
    .get(leadId) as string | undefined;
  type Asked = { call_id: string; seq: number; start_ms: number; end_ms: number };
  const said = latest
    ? (stmt(db, `SELECT call_id, seq, start_ms, end_ms FROM spoken_times WHERE call_id = ? AND kind = 'callback' ORDER BY seq`).all(
        latest,
      ) as Asked[])
    : [];
  let asked: Asked | undefined;
  for (const t of said) if (!asked || !(t.start_ms <= asked.start_ms && t.end_ms >= asked.end_ms)) asked = t;
  const answered =
    asked !== undefined &&
    stmt(
      db,
      `SELECT 1 FROM calls WHERE lead_id = ? AND call_id <> ? AND call_start_time IS NOT NULL
         AND (julianday(call_start_time) - 2440587.5) * 86400000.0 >= ?`,
    ).get(leadId, asked.call_id, asked.start_ms) !== undefined;
  const window = asked && !answered ? asked : null;
  stmt(
    db,
    `UPDATE leads SET spoken_callback_call_id = ?, spoken_callback_seq = ?, spoken_callback_start_ms = ?,
                      spoken_callback_end_ms = ? WHERE lead_id = ?`,
  ).run(window?.call_id ?? null, window?.seq ?? null, window?.start_ms ?? null, window?.end_ms ?? null, leadId);
}
