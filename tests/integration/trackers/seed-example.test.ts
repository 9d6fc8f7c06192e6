import { afterEach, describe, expect, it } from 'vitest';
import { analyseAndStoreCall } from '../../../electron/analysis/analyse-and-store';
import { ensureDefaultRubrics } from '../../../electron/scoring/rubric-store';
import { scoreAndStoreCall } from '../../../electron/scoring/score-and-store';
import type { AnalyseCallInput } from '../../../electron/analysis/analyse-call';
import { transcriptOf } from '../../unit/scoring/fixtures/example-calls';
import { insertCall, insertLead, tempDb } from '../scoring/test-db';

/**
 * The seed's example (issue 19): paraphrases the old regexes missed, through the real analysis,
 * scoring and storage path on a real SQLite file, scored with the default lead rubric.
 */
function firstTimeCallerBooked(): AnalyseCallInput {
  return {
    transcript: transcriptOf(
      [
        ['agent', 0, 7, 'Thanks for calling Brightline Heating and Air, this is Dana. This call is recorded for quality.'],
        ['customer', 7.5, 20, "Hi, yeah, my furnace is making a banging noise and I've never used you guys before."],
        ['agent', 20.5, 30, 'Sorry to hear that. How old is the unit, roughly?'],
        ['customer', 30.5, 45, 'Maybe twelve years. What kind of money are we talking about?'],
        ['agent', 45.5, 80, 'A diagnostic visit is eighty-nine dollars, and that goes toward any repair we do.'],
        ['customer', 80.5, 95, 'Okay, that seems fair. Would you be able to send someone out?'],
        ['agent', 95.5, 120, 'Sure. I have Thursday at ten or Friday at two.'],
        ['customer', 120.5, 130, 'Thursday at ten works for me.'],
        ['agent', 130.5, 200, "Great, you're booked for Thursday at ten. You'll get a text when the technician is on the way."],
        ['customer', 200.5, 225, 'Perfect, thanks so much.'],
        ['agent', 225.5, 240, 'Thank you, have a good day.'],
      ],
      240,
    ),
    call: {
      durationS: 240,
      startedAt: '2026-03-02T18:00:00Z',
      direction: 'inbound',
      fromNumber: '+14155550123',
      toNumber: '+18005550100',
      agent: 'dana',
      campaign: null,
    },
    lead: { priorCalls: 0, leadSource: 'google_ads', attributes: {} },
  };
}

function nobodyByThatName(): AnalyseCallInput {
  return {
    transcript: transcriptOf(
      [
        ['agent', 0, 8, 'Hi, is this Robert? This is Sam from Brightline Heating and Air.'],
        ['customer', 8.5, 15, "There's nobody here by that name."],
        ['agent', 15.5, 24, 'Oh, sorry about that. Have a good day.'],
        ['customer', 24.5, 30, 'Bye.'],
      ],
      30,
    ),
    call: {
      durationS: 30,
      startedAt: '2026-03-02T19:00:00Z',
      direction: 'outbound',
      fromNumber: '+18005550100',
      toNumber: '+12125550188',
      agent: 'sam',
      campaign: null,
    },
    lead: { priorCalls: 0, leadSource: 'purchased_list', attributes: {} },
  };
}

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("the seed's example calls, scored through trackers", () => {
  it('a four-minute first-time caller who asks the price in other words and is booked scores 90; "nobody here by that name" scores near 0', () => {
    const t = tempDb();
    cleanup = t.cleanup;
    insertLead(t.db, 'L-good', '+14155550123');
    insertLead(t.db, 'L-wrong', '+12125550188');
    insertCall(t.db, 'C-good', 'L-good', firstTimeCallerBooked());
    insertCall(t.db, 'C-wrong', 'L-wrong', nobodyByThatName());
    ensureDefaultRubrics(t.db);
    const good = analyseAndStoreCall(t.db, 'C-good');
    const wrong = analyseAndStoreCall(t.db, 'C-wrong');
    scoreAndStoreCall(t.db, 'C-good');
    scoreAndStoreCall(t.db, 'C-wrong');

    const quotes = Object.fromEntries(good.intents.map((i) => [i.id, i.evidence[0]?.quote]));
    expect(quotes).toEqual({
      pricing_asked: 'What kind of money are we talking about?',
      appointment_requested: 'Would you be able to send someone out?',
      appointment_booked: "Great, you're booked for Thursday at ten.",
    });
    const booked = good.intents.find((i) => i.id === 'appointment_booked')?.evidence[0];
    expect(booked).toMatchObject({ start: 130.5, speaker: 'agent' });
    expect(booked?.confidence).toBeGreaterThan(0.5);
    expect(wrong.intents.map((i) => i.id)).toEqual(['wrong_number']);

    const scores = t.db.prepare("SELECT call_id, score FROM scores WHERE kind = 'lead' ORDER BY call_id").all() as {
      call_id: string;
      score: number;
    }[];
    expect(scores[0]).toEqual({ call_id: 'C-good', score: 90 });
    expect(scores[1]?.call_id).toBe('C-wrong');
    expect(scores[1]?.score).toBeLessThanOrEqual(5);
    // The stored features carry each hit's confidence for the review screen.
    const stored = t.db.prepare("SELECT features FROM calls WHERE call_id = 'C-good'").get() as { features: string };
    expect(JSON.parse(stored.features).intents[0].evidence[0].confidence).toBeGreaterThan(0.5);
  });
});
