import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { analyseAndStoreCall } from '../../../electron/analysis/analyse-and-store';
import { openDatabase, type Db } from '../../../electron/db/open';
import { QueueView } from '../../../electron/queue/queue-window';
import { callDetail } from '../../../electron/review/call-detail';
import { stripTranscriptQuotes } from '../../../electron/retention/strip-quotes';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  cleanups.splice(0).forEach((c) => c());
});

const T = '2026-03-01T12:00:00Z';

function database(): Db {
  const tmp = tempDir('cr-spoken-');
  cleanups.push(tmp.cleanup);
  const db = openDatabase(join(tmp.path, 'x.db'));
  cleanups.unshift(() => db.close());
  const lead = db.prepare(
    `INSERT INTO leads (lead_id, phone_number, lead_score, call_count, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)`,
  );
  // San Francisco (415, US Pacific) asks for a callback; New York scores higher and asks for nothing.
  lead.run('L-SF', '+14155550100', 40, T, T);
  lead.run('L-NY', '+12125550100', 60, T, T);
  return db;
}

function addCall(db: Db, callId: string, leadId: string, from: string, startedAt: string, lines: Array<[string, string]>): void {
  const transcript = {
    engine: 'sidecar',
    model: 'none',
    engineVersion: '1',
    source: 'sidecar',
    language: 'en',
    durationS: lines.length * 5,
    segments: lines.map(([speaker, text], i) => ({ speaker, start: i * 5, end: i * 5 + 4, text })),
  };
  db.prepare(
    `INSERT INTO calls (call_id, lead_id, direction, from_number, call_start_time, call_duration, transcript, created_at, updated_at)
     VALUES (?, ?, 'inbound', ?, ?, ?, ?, ?, ?)`,
  ).run(callId, leadId, from, startedAt, lines.length * 5, JSON.stringify(transcript), T, T);
  analyseAndStoreCall(db, callId);
}

/** The open queue's lead ids in rank order, with the clock at `at`. */
function queueAt(db: Db, at: string): ReturnType<QueueView['window']>['rows'] {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(at));
  return new QueueView(db).window({ sort: 'rank', desc: false, status: 'open', offset: 0, limit: 10 }).rows;
}

describe('a callback window heard on a call', () => {
  it("sets the lead's window from 'call me back tomorrow after five' in the caller's zone, and the queue ranks it up inside it", () => {
    const db = database();
    addCall(db, 'C1', 'L-SF', '+14155550100', '2026-03-02T10:00:00-08:00', [
      ['agent', 'Thanks for calling Brightside Solar, this is Dana.'],
      ['customer', "hi yeah i'm driving right now call me back tomorrow after five"],
      ['agent', 'Will do, talk then.'],
    ]);

    const lead = db
      .prepare(`SELECT spoken_callback_start_ms AS s, spoken_callback_end_ms AS e, callback_ms AS c FROM leads WHERE lead_id = 'L-SF'`)
      .get() as { s: number; e: number; c: number };
    expect(lead.s).toBe(Date.parse('2026-03-03T17:00:00-08:00'));
    expect(lead.c).toBe(lead.s);
    expect(lead.e).toBeGreaterThan(lead.s);
    expect(db.prepare(`SELECT kind, start_at, time_zone, zone_assumed, quote FROM spoken_times WHERE call_id = 'C1'`).get()).toEqual({
      kind: 'callback',
      start_at: '2026-03-03T17:00:00-08:00',
      time_zone: 'America/Los_Angeles',
      zone_assumed: 0,
      quote: "hi yeah i'm driving right now call me back tomorrow after five",
    });

    // Review shows it on the call, with who said it and when.
    expect(callDetail(db, 'C1')?.spokenTimes).toEqual([
      {
        kind: 'callback',
        start: '2026-03-03T17:00:00-08:00',
        end: '2026-03-03T20:00:00-08:00',
        time_zone: 'America/Los_Angeles',
        zone_assumed: false,
        quote: "hi yeah i'm driving right now call me back tomorrow after five",
        speaker: 'customer',
        said_at: 5,
      },
    ]);

    // Before the window, calling early annoys: New York first.
    const early = queueAt(db, '2026-03-03T12:00:00-08:00');
    expect(early.map((r) => r.lead_id)).toEqual(['L-NY', 'L-SF']);
    expect(early[1]?.parts.callback).toBeLessThan(0);

    // Inside the window the lead who asked ranks first, and says why in the caller's words.
    const inside = queueAt(db, '2026-03-03T17:20:00-08:00');
    expect(inside.map((r) => r.lead_id)).toEqual(['L-SF', 'L-NY']);
    expect(inside[0]?.parts.callback).toBeGreaterThan(0);
    expect(inside[0]?.callback_window).toEqual({
      call_id: 'C1',
      start: '2026-03-03T17:00:00-08:00',
      end: '2026-03-03T20:00:00-08:00',
      time_zone: 'America/Los_Angeles',
      zone_assumed: false,
      quote: "hi yeah i'm driving right now call me back tomorrow after five",
    });
    expect(inside[0]?.callback_at).toBe('2026-03-03T17:00:00-08:00');
  });

  it('clears the window once a later call has answered it, and keeps it through re-analysis', () => {
    const db = database();
    addCall(db, 'C1', 'L-SF', '+14155550100', '2026-03-02T10:00:00-08:00', [['customer', 'try me wednesday morning']]);
    analyseAndStoreCall(db, 'C1');
    const window = (): unknown => db.prepare(`SELECT spoken_callback_start_ms FROM leads WHERE lead_id = 'L-SF'`).pluck().get();
    expect(window()).toBe(Date.parse('2026-03-04T09:00:00-08:00'));
    expect(db.prepare(`SELECT count(*) FROM spoken_times`).pluck().get()).toBe(1);
    addCall(db, 'C2', 'L-SF', '+14155550100', '2026-03-04T09:30:00-08:00', [['customer', 'hello, yes, I was expecting you']]);
    expect(window()).toBeNull();
  });

  it('keeps the precise time when a vaguer one follows, and takes a change of mind', () => {
    const db = database();
    const window = (): unknown => db.prepare(`SELECT spoken_callback_start_ms FROM leads WHERE lead_id = 'L-SF'`).pluck().get();
    addCall(db, 'C1', 'L-SF', '+14155550100', '2026-03-02T10:00:00-08:00', [
      ['customer', "tomorrow afternoon around three o'clock would be great"],
      ['agent', 'Perfect, talk to you tomorrow then.'],
      ['customer', 'yeah call me tomorrow'],
    ]);
    expect(window()).toBe(Date.parse('2026-03-03T14:30:00-08:00'));
    addCall(db, 'C2', 'L-SF', '+14155550100', '2026-03-02T11:00:00-08:00', [
      ['customer', 'call me tomorrow at three'],
      ['customer', 'no wait, call me thursday morning instead'],
    ]);
    expect(window()).toBe(Date.parse('2026-03-05T09:00:00-08:00'));
  });

  it('loses its words, not its window, when retention deletes the transcript; goes with an erased call', () => {
    const db = database();
    addCall(db, 'C1', 'L-SF', '+14155550100', '2026-03-02T10:00:00-08:00', [['customer', 'call me back tomorrow after five']]);
    stripTranscriptQuotes(db, ['C1']);
    const row = db.prepare(`SELECT quote, start_at FROM spoken_times WHERE call_id = 'C1'`).get() as { quote: string; start_at: string };
    expect(row.quote).not.toMatch(/five/);
    expect(row.start_at).toBe('2026-03-03T17:00:00-08:00');
    db.prepare(`DELETE FROM calls WHERE call_id = 'C1'`).run();
    expect(db.prepare(`SELECT count(*) FROM spoken_times`).pluck().get()).toBe(0);
  });

  it('reads the window in the fallback zone, marked as assumed, when the number names no zone', () => {
    const db = database();
    addCall(db, 'C1', 'L-NY', '+99955501', '2026-03-02T10:00:00Z', [['customer', 'call me back tomorrow after five']]);
    const row = db.prepare(`SELECT zone_assumed FROM spoken_times WHERE call_id = 'C1'`).get() as { zone_assumed: number };
    expect(row.zone_assumed).toBe(1);
  });
});
