import { afterEach, describe, expect, it } from 'vitest';
import { rankOpenLeads } from '../../../electron/ranking/rank-leads';
import { ensureDefaultRubrics } from '../../../electron/scoring/rubric-store';
import { refreshLeadScore } from '../../../electron/scoring/lead-score';
import { overrideScore } from '../../../electron/scoring/score-overrides';
import { importCalls } from '../../../electron/scoring/import/import-calls';
import { COLD_PHRASE, conversationData, importConversationData } from './conversation-leads';
import { insertLead, tempDb } from './test-db';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/**
 * The whole queue reads its rows and the calls that set each lead's score in one pass over the
 * tables; a page looks them up by id. Both must give every lead the same place and the same words.
 */
describe('the whole queue and its pages', () => {
  it('rank and explain every lead alike, with several calls, overrides, closed and unscored leads', () => {
    const t = tempDb();
    cleanup = t.cleanup;
    ensureDefaultRubrics(t.db);
    const rubricId = t.db.prepare(`SELECT rubric_id FROM rubrics WHERE kind = 'lead' AND active = 1`).pluck().get() as number;
    const call = t.db.prepare(`INSERT INTO calls (call_id, lead_id, call_start_time, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`);
    const score = t.db.prepare(
      `INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, outcomes, scored_at) VALUES (?, 'lead', ?, ?, 'cold', 0, '', ?)`,
    );
    for (let i = 0; i < 40; i++) {
      const lead = `L-${i}`;
      insertLead(t.db, lead, `+1415555${String(1000 + i)}`);
      // Every fifth lead has no call at all; the others one to three, days apart, scores spread.
      const calls = i % 5 === 0 ? 0 : 1 + (i % 3);
      for (let k = 0; k < calls; k++) {
        const at = new Date(Date.UTC(2026, 10, 1 + k * 9, 10, i)).toISOString();
        call.run(`C-${i}-${k}`, lead, at, at, at);
        score.run(`C-${i}-${k}`, rubricId, (i * 37 + k * 53) % 101, at);
      }
      if (i % 7 === 1 && calls > 0) overrideScore(t.db, { callId: `C-${i}-0`, kind: 'lead', newScore: 77, by: 'sup.kim', reason: 'heard it again' });
      refreshLeadScore(t.db, lead);
    }
    t.db.prepare(`UPDATE leads SET outcome = 'lost' WHERE lead_id IN ('L-3', 'L-8')`).run();
    const nowMs = Date.parse('2026-12-07T12:00:00Z');
    const whole = rankOpenLeads(t.db, { nowMs });
    expect(whole).toHaveLength(38);
    expect(whole.some((r) => r.rank_reason.includes('best of 3 scored calls'))).toBe(true);
    const paged = [0, 10, 20, 30].flatMap((offset) => rankOpenLeads(t.db, { nowMs, offset, limit: 10 }));
    expect(paged).toEqual(whole);
  });

  it('give every lead the same evidence: quotes from features, codes, leads at 0 by their latest call, calls without features or transcript', () => {
    const t = tempDb();
    cleanup = t.cleanup;
    // Analysed and scored calls through the CSV import; every third lead a later call saying it signed elsewhere.
    importConversationData(t.db, conversationData(90, 13), false);
    const later = ['call_id,lead_id,call_start_time,call_duration,direction,agent,call_transcript'];
    for (let i = 0; i < 90; i += 3) {
      const id = `L${String(i).padStart(4, '0')}`;
      later.push(`C${i}-b,${id},2025-04-02T10:00:00Z,40,outbound,sam,"Agent: Calling you back.\nCustomer: Right, ${COLD_PHRASE}."`);
    }
    expect(importCalls(t.db, later.join('\n'), { map: new Map(), by: 'test' }).errors).toEqual([]);
    // Leads at 0 (explained by their latest call), scores kept without a code (explained from
    // features alone), calls whose features are gone, and transcripts deleted by retention.
    t.db.prepare(`UPDATE leads SET lead_score = 0 WHERE rowid % 5 = 0`).run();
    t.db.prepare(`UPDATE scores SET outcomes = '' WHERE rowid % 7 = 0`).run();
    t.db.prepare(`UPDATE calls SET features = NULL WHERE rowid % 11 = 0`).run();
    t.db.prepare(`UPDATE calls SET transcript = NULL, transcript_text = NULL WHERE rowid % 4 = 0`).run();
    const nowMs = Date.parse('2026-12-07T12:00:00Z');
    const whole = rankOpenLeads(t.db, { nowMs });
    expect(whole).toHaveLength(90);
    expect(whole.filter((r) => /evidence: call \S+: .*"/.test(r.rank_reason)).length).toBeGreaterThan(10);
    expect(whole.some((r) => r.rank_reason.includes(`evidence: call C${r.lead_id.replace(/^L0*(?=\d)/, '')}-b:`))).toBe(true);
    const paged = Array.from({ length: 9 }, (_, k) => rankOpenLeads(t.db, { nowMs, offset: k * 10, limit: 10 })).flat();
    expect(paged).toEqual(whole);
  });
});
