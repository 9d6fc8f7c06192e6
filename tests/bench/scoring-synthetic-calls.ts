import type { AnalyseCallInput } from '../../electron/analysis/analyse-call';
import type { Transcript } from '../../shared/transcript';
import { rng } from '../fixtures/rng';

// Re-exported: tests seed their data with the same generator the bench uses.
export { rng };

const SNIPPETS: Array<[speaker: 'agent' | 'customer', text: string]> = [
  ['agent', 'Thanks for calling Acme Home, my name is Sam. This call may be recorded for quality.'],
  ['customer', 'How much would a new boiler cost?'],
  ['customer', "I'd like to book an appointment for next week."],
  ['agent', "Great, you're booked for Tuesday at 9. You'll receive a confirmation email."],
  ['customer', 'Can you call me back tomorrow?'],
  ['customer', "Sorry, I'm not interested. Please take me off your list."],
  ['customer', 'I think you have the wrong number.'],
  ['customer', 'It sounds too expensive, I need to think about it.'],
  ['customer', 'I got a cheaper quote from another company.'],
  ['agent', 'What size is your home and how many bathrooms?'],
  ['customer', 'That is wonderful, thank you so much for the help.'],
  ['customer', 'This is frustrating, nobody ever answers.'],
  ['agent', 'Please leave a message after the tone.'],
  ['agent', 'Is now a good time to talk for a minute?'],
];
const CAMPAIGNS = ['boilers', 'solar', 'windows', null];
const SOURCES = ['google_ads', 'facebook', 'referral', 'purchased_list', null];

export function syntheticCall(r: () => number): AnalyseCallInput {
  const durationS = Math.round(15 + r() * 600);
  const nLines = 2 + Math.floor(r() * 8);
  const segments: Transcript['segments'] = [];
  let t = 0;
  for (let k = 0; k < nLines; k++) {
    const [speaker, text] = SNIPPETS[Math.floor(r() * SNIPPETS.length)] ?? ['agent', 'Hello.'];
    const len = 2 + r() * (durationS / nLines);
    const start = Math.max(0, t - (r() < 0.15 ? 1 : 0));
    segments.push({ speaker, start, end: start + len, text });
    t = start + len + r() * 3;
  }
  const transcript: Transcript | null =
    r() < 0.05 ? null : { engine: 'synthetic', model: 'none', engineVersion: '0', source: 'import', language: 'en', durationS, segments };
  return {
    transcript,
    call: {
      durationS,
      startedAt: new Date(Date.UTC(2025, 0, 1) + Math.floor(r() * 300 * 86400) * 1000).toISOString(),
      direction: r() < 0.5 ? 'inbound' : 'outbound',
      fromNumber: `+1${['415', '212', '312', '713', '206'][Math.floor(r() * 5)]}555${String(Math.floor(r() * 10000)).padStart(4, '0')}`,
      toNumber: '+18005550100',
      agent: ['sam', 'ana', 'lee'][Math.floor(r() * 3)] ?? null,
      campaign: CAMPAIGNS[Math.floor(r() * CAMPAIGNS.length)] ?? null,
    },
    lead: {
      priorCalls: r() < 0.6 ? 0 : Math.floor(r() * 5),
      leadSource: SOURCES[Math.floor(r() * SOURCES.length)] ?? null,
      attributes: { budget: Math.round(r() * 20000), homeowner: r() < 0.7 ? 'Yes' : 'No', region: r() < 0.5 ? 'north' : null },
    },
  };
}
