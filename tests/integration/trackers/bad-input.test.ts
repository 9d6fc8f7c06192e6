import { afterEach, describe, expect, it } from 'vitest';
import { analyseAndStoreCall } from '../../../electron/analysis/analyse-and-store';
import type { AnalyseCallInput } from '../../../electron/analysis/analyse-call';
import { pricingAndBookingCall, transcriptOf } from '../../unit/scoring/fixtures/example-calls';
import { insertCall, insertLead, tempDb } from '../scoring/test-db';

type Line = Parameters<typeof transcriptOf>[0][number];

function callWith(lines: Line[], durationS: number): AnalyseCallInput {
  const base = pricingAndBookingCall();
  return { ...base, transcript: transcriptOf(lines, durationS), call: { ...base.call, durationS } };
}

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function setup(bad: AnalyseCallInput) {
  const t = tempDb();
  cleanup = t.cleanup;
  insertLead(t.db, 'L-1', '+14155550123');
  insertCall(t.db, 'C-good', 'L-1', pricingAndBookingCall());
  insertCall(t.db, 'C-bad', 'L-1', bad);
  const good = JSON.stringify(analyseAndStoreCall(t.db, 'C-good'));
  const storedGood = () => (t.db.prepare("SELECT features FROM calls WHERE call_id = 'C-good'").get() as { features: string }).features;
  return { db: t.db, good, storedGood };
}

describe('trackers on bad input, through analysis and storage', () => {
  it('an empty transcript gives no intents and no compliance statement found; the other call is untouched', () => {
    const { db, good, storedGood } = setup(callWith([['customer', 0, 1, '   ']], 1));
    const f = analyseAndStoreCall(db, 'C-bad');
    expect(f.hasTranscript).toBe(false);
    expect(f.intents).toEqual([]);
    expect(f.script.every((s) => !s.found)).toBe(true);
    expect(storedGood()).toBe(good);
    expect(db.prepare("SELECT COUNT(*) AS n FROM calls WHERE features IS NOT NULL").get()).toEqual({ n: 2 });
  });

  it('a 50,000-word transcript is analysed and stored, with quotes kept readable', () => {
    const sentence = 'so we talked about the weather and the game and my cousin who lives out in ohio';
    const filler = Array.from({ length: 3000 }, () => sentence).join(' '); // 17 words each, no punctuation
    const lines: Line[] = [
      ['customer', 0, 3000, filler],
      ['customer', 3001, 3005, 'How much would a new water heater cost me?'],
    ];
    const words = lines.reduce((n, l) => n + l[3].split(' ').length, 0);
    expect(words).toBeGreaterThanOrEqual(50_000);
    const { db, good, storedGood } = setup(callWith(lines, 3005));
    const f = analyseAndStoreCall(db, 'C-bad');
    const pricing = f.intents.find((i) => i.id === 'pricing_asked');
    expect(pricing?.evidence[0]).toMatchObject({ quote: 'How much would a new water heater cost me?', start: 3001 });
    for (const hit of f.intents) for (const e of hit.evidence) expect(e.quote.split(' ').length).toBeLessThanOrEqual(40);
    expect(storedGood()).toBe(good);
  });

  it('a call heard in another language gives an empty result, not coincidental English matches', () => {
    const spanish = callWith(
      [
        ['agent', 0, 3, 'Buenos días, le llamo de Energía Solar.'],
        ['customer', 3, 6, '¿Cuánto cuesta la instalación? No me interesa.'],
      ],
      6,
    );
    const { db, good, storedGood } = setup({ ...spanish, transcript: { ...spanish.transcript!, language: 'es' } });
    const f = analyseAndStoreCall(db, 'C-bad');
    expect(f.hasTranscript).toBe(true);
    expect(f.intents).toEqual([]);
    expect(f.script.every((s) => !s.found)).toBe(true);
    expect(storedGood()).toBe(good);
  });

  it('emoji and control characters give an empty result, and English around them is still read', () => {
    const lines: Line[] = [
      ['customer', 0, 2, '😀🔥🔥 👍'],
      ['customer', 2, 3, '\u0000\u0007\u001b[31m'],
      ['customer', 3, 6, 'ok 👍 so how much is it gonna cost\u0007'],
    ];
    const { db, good, storedGood } = setup(callWith(lines, 6));
    const f = analyseAndStoreCall(db, 'C-bad');
    expect(f.intents.map((i) => [i.id, i.evidence[0]?.start])).toEqual([['pricing_asked', 3]]);
    expect(storedGood()).toBe(good);
  });
});
