import { describe, expect, it } from 'vitest';
import { analyseCall } from '../../../electron/analysis/analyse-call';
import { locateNumber, localHourAndWeekday } from '../../../electron/analysis/caller-location';
import { conversationMetrics } from '../../../electron/analysis/conversation-metrics';
import { compileTracker } from '../../../electron/trackers/match-trackers';
import { parseTrackerDefinition } from '../../../electron/trackers/tracker-definition';
import { trainTrackerSet } from '../../../electron/trackers/train-tracker-set';
import { turnSentiment } from '../../../electron/analysis/sentiment';
import { pricingAndBookingCall, wrongNumberCall } from '../scoring/fixtures/example-calls';

describe('conversation metrics', () => {
  it('measures talk ratio, silence, overlaps, interruptions, monologue and questions', () => {
    const m = conversationMetrics(
      [
        { speaker: 'agent', start: 0, end: 10, text: 'Hello. How can I help?' },
        { speaker: 'customer', start: 9, end: 15, text: 'I need a quote.' }, // 1 s over the agent
        { speaker: 'agent', start: 20, end: 30, text: 'Sure. What is your postcode?' },
        { speaker: 'agent', start: 30, end: 45, text: 'And your name?' },
      ],
      50,
    );
    expect(m.agentTalkRatio).toBeCloseTo(35 / 41, 3);
    expect(m.customerTalkRatio).toBeCloseTo(6 / 41, 3);
    // spoken: 0-15 and 20-45 = 40 s of 50
    expect(m.silenceShare).toBeCloseTo(0.2, 3);
    expect(m.overlaps).toBe(1);
    expect(m.overlapS).toBeCloseTo(1, 3);
    expect(m.interruptionsByCustomer).toBe(1);
    expect(m.interruptionsByAgent).toBe(0);
    expect(m.longestMonologueS).toBe(25);
    expect(m.longestMonologueSpeaker).toBe('agent');
    expect(m.turns).toBe(3);
    expect(m.questionsAgent).toBe(3);
    expect(m.questionsCustomer).toBe(0);
  });

  it('counts questions by their opening word when the engine gives no punctuation', () => {
    const m = conversationMetrics([{ speaker: 'agent', start: 0, end: 3, text: 'what is your name' }], 3);
    expect(m.questionsAgent).toBe(1);
  });
});

describe('sentiment', () => {
  it('handles negation', () => {
    expect(turnSentiment('I am happy with this')).toBeGreaterThan(0.3);
    expect(turnSentiment('I am not happy with this')).toBeLessThan(0);
  });
});

describe('caller location and local time', () => {
  it('finds country, region and zone offline', () => {
    expect(locateNumber('+14155550123')).toEqual({ country: 'US', region: 'US-CA', timeZone: 'America/Los_Angeles' });
    expect(locateNumber('+442079460000')).toMatchObject({ country: 'GB', timeZone: 'Europe/London' });
    expect(locateNumber('not a number')).toEqual({ country: null, region: null, timeZone: null });
  });
  it('turns a UTC start into the caller’s hour and weekday', () => {
    // 2025-03-04 is a Tuesday; 15:30 UTC is 07:30 in California (PST, UTC-8).
    expect(localHourAndWeekday('2025-03-04T15:30:00Z', 'America/Los_Angeles')).toEqual({ hour: 7, weekday: 2 });
    expect(localHourAndWeekday('2025-03-04T03:30:00Z', 'America/Los_Angeles')).toEqual({ hour: 19, weekday: 1 });
  });
});

describe('analyseCall', () => {
  it('finds intents with evidence, script statements and caller behaviour', () => {
    const f = analyseCall(pricingAndBookingCall());
    expect(f.intents.map((i) => i.id).sort()).toEqual(['appointment_booked', 'appointment_requested', 'pricing_asked']);
    expect(f.script.find((s) => s.id === 'recording_disclosure')).toMatchObject({ found: true, speaker: 'agent' });
    expect(f.caller).toMatchObject({ isRepeat: false, callCount: 1, country: 'US', region: 'US-CA', localHour: 7, localWeekday: 2 });
    expect(f.sentiment.customer).toBeGreaterThan(0);
    expect(f.keywords.length).toBeGreaterThan(0);
    expect(f.keyphrases.length).toBeGreaterThan(0);
  });

  it('uses the dialled number for outbound calls and spots a wrong number', () => {
    const f = analyseCall(wrongNumberCall());
    expect(f.caller.region).toBe('US-NY');
    expect(f.intents.map((i) => i.id)).toEqual(['wrong_number']);
  });

  it('works with no transcript', () => {
    const input = pricingAndBookingCall();
    const f = analyseCall({ ...input, transcript: null, lead: { ...input.lead, priorCalls: 2 } });
    expect(f.hasTranscript).toBe(false);
    expect(f.durationS).toBe(240);
    expect(f.caller).toMatchObject({ isRepeat: true, callCount: 3 });
  });

  it('takes a team\'s own trackers, including per-campaign compliance statements', () => {
    const defs = [
      parseTrackerDefinition({
        id: 'wants_solar',
        speaker: 'customer',
        examples: ['I want solar panels', 'we are thinking about going solar', 'can you put panels on my roof', 'interested in solar for the house'],
        notThis: ['no solar panels on the garage though', 'we do not want solar'],
      }),
      parseTrackerDefinition({
        id: 'tcpa',
        kind: 'compliance',
        speaker: 'agent',
        campaigns: ['solar'],
        examples: ['do you consent to be contacted by phone', 'is it okay if we contact you at this number', 'do I have your consent to call you'],
      }),
    ];
    const trackers = trainTrackerSet(defs).map(compileTracker);
    const input = pricingAndBookingCall();
    const turns = [
      { speaker: 'customer', start: 1, end: 3, text: 'I want to put solar panels on the house' },
      { speaker: 'customer', start: 5, end: 7, text: 'no solar on the garage though' },
    ];
    const solarTranscript = { ...input.transcript!, segments: turns };
    const f = analyseCall({ ...input, transcript: solarTranscript, trackers });
    expect(f.intents.map((i) => [i.id, i.count, i.evidence[0]?.quote])).toEqual([['wants_solar', 1, 'I want to put solar panels on the house']]);
    expect(f.intents[0]?.evidence[0]?.confidence).toBeGreaterThan(0.5);
    expect(f.script).toEqual([]);
    const solar = analyseCall({ ...input, transcript: solarTranscript, trackers, call: { ...input.call, campaign: 'solar' } });
    expect(solar.script).toEqual([{ id: 'tcpa', speaker: 'agent', found: false, evidence: null }]);
  });
});

describe('mono recordings (no agent/customer labels)', () => {
  it('still finds intents, and leaves per-role figures unknown so QA criteria do not apply', async () => {
    const { DEFAULT_LEAD_RUBRIC, DEFAULT_QA_RUBRIC } = await import('../../../electron/scoring/default-rubrics');
    const { scoreCallFeatures } = await import('../../../electron/scoring/score-call');
    const input = pricingAndBookingCall();
    const transcript = input.transcript;
    if (!transcript) throw new Error('fixture has a transcript');
    const mono = { ...transcript, segments: transcript.segments.map((s) => ({ ...s, speaker: 'speaker' })) };
    const f = analyseCall({ ...input, transcript: mono });
    expect(f.intents.map((i) => i.id).sort()).toEqual(['appointment_booked', 'appointment_requested', 'pricing_asked']);
    expect(f.conversation).toMatchObject({ agentTalkRatio: null, customerTalkRatio: null, questionsAgent: null, interruptionsByAgent: null });
    expect(scoreCallFeatures(f, DEFAULT_LEAD_RUBRIC).score).toBe(90);
    const qa = scoreCallFeatures(f, DEFAULT_QA_RUBRIC);
    expect(qa.criteria.find((c) => c.id === 'balanced_talk')?.outcome).toBe('not_applicable');
    expect(qa.criteria.find((c) => c.id === 'discovery_questions')?.outcome).toBe('not_applicable');
  });
});
