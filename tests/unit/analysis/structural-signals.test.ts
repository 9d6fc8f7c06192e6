import { describe, expect, it } from 'vitest';
import { analyseCall, type AnalyseCallInput } from '../../../electron/analysis/analyse-call';
import type { Transcript } from '../../../shared/transcript';

type Line = [speaker: string, start: number, end: number, text: string];

/** A call as the embedded engine hands it over: lower-case, unpunctuated, half-heard words. */
function call(
  lines: Line[],
  shape: { direction: 'inbound' | 'outbound'; durationS: number; channels: number; channelMap: { left?: string; right?: string } | null },
): AnalyseCallInput {
  const transcript: Transcript = {
    engine: 'embedded',
    model: 'test',
    engineVersion: '0',
    source: 'engine',
    language: 'en',
    durationS: shape.durationS,
    segments: lines.map(([speaker, start, end, text]) => ({ speaker, start, end, text })),
  };
  return {
    transcript,
    call: {
      durationS: shape.durationS,
      startedAt: '2026-03-02T18:00:00Z',
      direction: shape.direction,
      fromNumber: '+14155550100',
      toNumber: '+15035550121',
      agent: 'sam',
      campaign: null,
      channels: shape.channels,
      channelMap: shape.channelMap,
    },
    lead: { priorCalls: 0, leadSource: null, attributes: {} },
  };
}

const ids = (input: AnalyseCallInput): string[] => analyseCall(input).intents.map((i) => i.id);

// Half-heard words that name no concept on their own: the call's shape is the only clue. (A clear
// "give us a call back when you can" is itself a voicemail the trackers hear, so it is not used here.)
const message: Line[] = [
  ['speaker', 0.5, 6, 'hi the suited for the forty easy sam calling about your quote'],
  ['speaker', 7, 12, 'and the offer it runs until the end of thirty days'],
];

describe('structural call signals: what the shape of a call says when its words are half-heard', () => {
  it('hears a voicemail in a mono recording of the agent alone on an outbound call, and gives the voice to the agent', () => {
    const f = analyseCall(call(message, { direction: 'outbound', durationS: 29, channels: 1, channelMap: { left: 'agent' } }));
    const vm = f.intents.find((i) => i.id === 'voicemail');
    expect(vm?.evidence[0]?.quote).toMatch(/^only the agent spoke on this outbound call: "hi the suited/);
    expect(f.turns.every((t) => t.speaker === 'agent')).toBe(true);
  });

  it('hears a voicemail on a stereo outbound call whose customer channel stayed silent', () => {
    const lines: Line[] = message.map(([, s, e, t]) => ['agent', s, e, t]);
    expect(ids(call(lines, { direction: 'outbound', durationS: 29, channels: 2, channelMap: null }))).toContain('voicemail');
  });

  it('does not guess a voicemail when nobody said who is on a mono track, nor on an inbound call', () => {
    expect(ids(call(message, { direction: 'outbound', durationS: 29, channels: 1, channelMap: null }))).not.toContain('voicemail');
    const lines: Line[] = message.map(([, s, e, t]) => ['agent', s, e, t]);
    expect(ids(call(lines, { direction: 'inbound', durationS: 29, channels: 2, channelMap: null }))).not.toContain('voicemail');
  });

  it('does not call an answered outbound call a voicemail', () => {
    const lines: Line[] = [
      ['agent', 0.5, 4, 'hi this is sam from sunrise solar'],
      ['customer', 4.5, 6, 'oh hi yes'],
    ];
    expect(ids(call(lines, { direction: 'outbound', durationS: 40, channels: 2, channelMap: { left: 'agent', right: 'customer' } }))).not.toContain(
      'voicemail',
    );
  });

  it('marks a short call on which the customer barely spoke as no engagement, quoting what they said', () => {
    const lines: Line[] = [
      ['agent', 0.5, 3, 'oh thanks for calling sunrise how can i help'],
      ['customer', 3.5, 6, 'uh who is this'],
      ['agent', 6.5, 9, 'this is sunrise solar'],
      ['customer', 9.5, 11, 'oh sorry bye'],
    ];
    const f = analyseCall(call(lines, { direction: 'inbound', durationS: 14, channels: 2, channelMap: { left: 'agent', right: 'customer' } }));
    const hit = f.intents.find((i) => i.id === 'no_engagement');
    expect(hit?.evidence[0]).toMatchObject({ speaker: 'customer', quote: 'the customer said 7 words in 14 s: "uh who is this / oh sorry bye"' });
  });

  it('leaves a customer who talks, or a call that lasts, alone', () => {
    const talks: Line[] = [
      ['agent', 0.5, 3, 'sunrise solar how can i help'],
      ['customer', 3.5, 12, 'hi i wanted to ask what the panels would cost for a small roof like mine'],
    ];
    const stereo = { channels: 2, channelMap: { left: 'agent', right: 'customer' } };
    expect(ids(call(talks, { direction: 'inbound', durationS: 14, ...stereo }))).not.toContain('no_engagement');
    const brief: Line[] = [
      ['agent', 0.5, 3, 'sunrise solar how can i help'],
      ['customer', 3.5, 6, 'yes go on'],
    ];
    expect(ids(call(brief, { direction: 'inbound', durationS: 95, ...stereo }))).not.toContain('no_engagement');
  });

  it('a short call in which the customer asks for something, in few words, is engaged', () => {
    const asks: Line[] = [
      ['agent', 0.5, 3, 'sunrise solar how can i help'],
      ['customer', 3.5, 7, "i'm driving can you call me back tomorrow"],
    ];
    const f = analyseCall(call(asks, { direction: 'inbound', durationS: 12, channels: 2, channelMap: { left: 'agent', right: 'customer' } }));
    expect(f.intents.map((i) => i.id)).toContain('callback_requested');
    expect(f.intents.map((i) => i.id)).not.toContain('no_engagement');
  });

  it('a voicemail heard in one line of a live back-and-forth is dropped; a greeting then a message keeps it', () => {
    const stereo = { direction: 'outbound' as const, durationS: 60, channels: 2, channelMap: { left: 'agent', right: 'customer' } };
    const machine = "sorry we can't take your call please leave your name and number and we'll get back to you";
    // The line alone, answered once: a greeting then the agent's message is what a voicemail looks like.
    const answeringMachine: Line[] = [
      ['customer', 0.5, 6, machine],
      ['agent', 7, 12, 'hi this is sam from sunrise solar about your quote'],
    ];
    expect(ids(call(answeringMachine, stereo))).toContain('voicemail');
    const live: Line[] = [
      ['agent', 0.5, 3, 'hi this is sam from sunrise solar'],
      ['customer', 3.5, 6, 'oh hi yes'],
      ['agent', 6.5, 10, 'is now a good time to talk about your quote'],
      ['customer', 10.5, 16, machine],
      ['agent', 16.5, 19, 'no problem talk soon'],
    ];
    expect(ids(call(live, stereo))).not.toContain('voicemail');
  });
});
