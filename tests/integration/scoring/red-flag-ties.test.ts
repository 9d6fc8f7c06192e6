import { afterEach, describe, expect, it } from 'vitest';
import { analyseAndStoreCall } from '../../../electron/analysis/analyse-and-store';
import { rankOpenLeads } from '../../../electron/ranking/rank-leads';
import { loadLeadColumns, withPriority, type ReadColumns } from '../../../electron/queue/lead-columns';
import { ensureDefaultRubrics } from '../../../electron/scoring/rubric-store';
import { scoreAndStoreCall } from '../../../electron/scoring/score-and-store';
import type { AnalyseCallInput } from '../../../electron/analysis/analyse-call';
import { insertCall, insertLead, tempDb } from './test-db';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

type Line = [speaker: string, start: number, end: number, text: string];

function input(direction: 'inbound' | 'outbound', durationS: number, lines: Line[]): AnalyseCallInput {
  return {
    transcript: {
      engine: 'embedded',
      model: 'test',
      engineVersion: '0',
      source: 'engine',
      language: 'en',
      durationS,
      segments: lines.map(([speaker, start, end, text]) => ({ speaker, start, end, text })),
    },
    call: { durationS, startedAt: '2026-11-25T21:05:12Z', direction, fromNumber: null, toNumber: null, agent: 'dan', campaign: null },
    lead: { priorCalls: 0, leadSource: null, attributes: {} },
  };
}

/** Four first calls that all end at a lead score of 0, as the embedded engine half-heard them. */
const CALLS: { lead: string; input: AnalyseCallInput; channels: number; map: string }[] = [
  {
    lead: 'L-went-nowhere',
    channels: 2,
    map: '{"left":"agent","right":"customer"}',
    input: input('outbound', 40, [
      ['agent', 0.5, 5, 'oh the the art from wind so'],
      ['customer', 5.5, 20, 'on the we already knew but at the week like we don t ah but some company was he a'],
    ]),
  },
  {
    lead: 'L-voicemail',
    channels: 1,
    map: '{"left":"agent"}',
    input: input('outbound', 29, [
      ['speaker', 0.5, 6, 'hi the suited for the forty easy mark colleagues wind solar about the'],
      ['speaker', 7, 12, 'thirty and have a great day'],
    ]),
  },
  {
    lead: 'L-wrong-number',
    channels: 2,
    map: '{"left":"agent","right":"customer"}',
    input: input('inbound', 15, [
      ['agent', 0.5, 3, 'oh that s too with solar it is and all'],
      ['customer', 3.5, 6, 'a he not sales ah the'],
      ['customer', 9, 11, 'oh sorry lie'],
    ]),
  },
];

describe('ties at a lead score of 0 are broken by the red flags below it', () => {
  it('ranks a call that went nowhere above a wrong number and a voicemail, says why, and the queue index agrees', () => {
    const t = tempDb();
    cleanup = t.cleanup;
    ensureDefaultRubrics(t.db);
    CALLS.forEach((c, i) => {
      insertLead(t.db, c.lead, `+1415555010${i}`);
      insertCall(t.db, `C-${c.lead}`, c.lead, c.input);
      t.db.prepare('UPDATE calls SET channels = ?, channel_map = ? WHERE call_id = ?').run(c.channels, c.map, `C-${c.lead}`);
      analyseAndStoreCall(t.db, `C-${c.lead}`);
      scoreAndStoreCall(t.db, `C-${c.lead}`);
    });
    const queue = rankOpenLeads(t.db, { nowMs: Date.parse('2026-12-07T12:00:00Z') });
    expect(queue.map((q) => q.score)).toEqual([0, 0, 0]);
    expect(queue.map((q) => q.lead_id)).toEqual(['L-went-nowhere', 'L-wrong-number', 'L-voicemail']);
    const [, wrong, voicemail] = queue;
    expect(wrong?.rank_reason).toMatch(/red flags put its latest call at -\d+ points/);
    expect(wrong?.rank_reason).toMatch(/no customer engagement -30 "the customer said 9 words in 15 s/);
    expect(voicemail?.rank_reason).toMatch(/voicemail -40 "only the agent spoke on this outbound call/);
    expect(voicemail?.priority).toBeLessThan(wrong?.priority as number);

    // The queue view's columns rank by the same formula with the same points.
    const gen = loadLeadColumns(t.db);
    let step = gen.next();
    while (!step.done) step = gen.next();
    const cols = withPriority(step.value as ReadColumns, Date.parse('2026-12-07T12:00:00Z'), { hot: 70, warm: 40 });
    const byRowid = new Map(Array.from(cols.rowid, (r, i) => [r, cols.priority[i]]));
    const rowids = t.db.prepare('SELECT lead_id, rowid FROM leads').all() as { lead_id: string; rowid: number }[];
    for (const q of queue) expect(byRowid.get(rowids.find((r) => r.lead_id === q.lead_id)?.rowid as number)).toBe(q.priority);
  });
});
