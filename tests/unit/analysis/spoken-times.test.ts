import { describe, expect, it } from 'vitest';
import { findSpokenTimes, type SpokenTimeContext } from '../../../electron/analysis/spoken-times';
import { digitsForSpokenNumbers } from '../../../electron/analysis/spoken-numbers';
import { instantOfWallClock, isoInZone } from '../../../electron/analysis/zoned-time';

/** A Monday, 10:00 on the US Pacific coast (PST, six days before daylight saving starts). */
const PACIFIC: SpokenTimeContext = {
  callStartedAt: '2026-03-02T18:00:00Z',
  timeZone: 'America/Los_Angeles',
  fallbackTimeZone: 'UTC',
};

const said = (text: string, ctx = PACIFIC, speaker = 'customer'): Array<[string, string, string]> =>
  findSpokenTimes([{ speaker, start: 12.5, text }], ctx).map((t) => [t.kind, t.start, t.end]);

describe('spoken numbers', () => {
  it('writes the words that name times and days as digits', () => {
    expect(digitsForSpokenNumbers('Call me back tomorrow after five')).toBe('call me back tomorrow after 5');
    expect(digitsForSpokenNumbers('in twenty five minutes')).toBe('in 25 minutes');
    expect(digitsForSpokenNumbers('the twenty third at half past three')).toBe('the 23rd at 3:30');
    expect(digitsForSpokenNumbers('a quarter to nine')).toBe('8:45');
    expect(digitsForSpokenNumbers('at six thirty p m')).toBe('at 6:30 pm');
    expect(digitsForSpokenNumbers('in half an hour')).toBe('in 30 minutes');
  });
});

describe('spoken times', () => {
  it("reads the four phrasings of the issue on the caller's clock", () => {
    expect(said('Call me back tomorrow after five')).toEqual([
      ['callback', '2026-03-03T17:00:00-08:00', '2026-03-03T20:00:00-08:00'],
    ]);
    expect(said('Wednesday morning works better')).toEqual([
      ['callback', '2026-03-04T09:00:00-08:00', '2026-03-04T12:00:00-08:00'],
    ]);
    expect(said('can you call me in twenty minutes')).toEqual([
      ['callback', '2026-03-02T10:20:00-08:00', '2026-03-02T10:50:00-08:00'],
    ]);
    // The 14th is after the change to daylight time: the offset is that day's.
    expect(said('the fourteenth at noon works for me')).toEqual([
      ['callback', '2026-03-14T12:00:00-07:00', '2026-03-14T13:00:00-07:00'],
    ]);
  });

  it('reads speech-recognition text: lower case, no punctuation, times as words', () => {
    expect(said('yeah no i am at work right now so maybe try me around four thirty tomorrow')).toEqual([
      ['callback', '2026-03-03T16:00:00-08:00', '2026-03-03T17:00:00-08:00'],
    ]);
    expect(said('CALL ME BACK BEFORE THREE')).toEqual([['callback', '2026-03-02T12:00:00-08:00', '2026-03-02T15:00:00-08:00']]);
  });

  it('takes an hour without am or pm as business hours: after five is 17:00, at nine is 09:00', () => {
    expect(said('call me friday at five')[0]?.[1]).toBe('2026-03-06T17:00:00-08:00');
    expect(said('call me friday at nine')[0]?.[1]).toBe('2026-03-06T09:00:00-08:00');
    // Said with am, it is the morning.
    expect(said('call me friday at five am')[0]?.[1]).toBe('2026-03-06T05:00:00-08:00');
  });

  it('moves a day or time that has passed to the next one, and leaves out what is history', () => {
    // Said on Monday at 10:00: "Monday at nine" is next Monday; "the first" is April's.
    expect(said('could you try me monday at nine')[0]?.[1]).toBe('2026-03-09T09:00:00-07:00');
    expect(said('call me back on the first')[0]?.[1]).toBe('2026-04-01T09:00:00-07:00');
    expect(said('i called you yesterday at five')).toEqual([]);
    expect(said('we had someone out last tuesday')).toEqual([]);
    expect(said('right now is not great')).toEqual([]);
  });

  it('tells a booked appointment (agent) from a callback request and a passing mention', () => {
    expect(said("okay you're on the schedule for thursday at two", PACIFIC, 'agent')).toEqual([
      ['appointment', '2026-03-05T14:00:00-08:00', '2026-03-05T15:00:00-08:00'],
    ]);
    expect(said('my daughter visits on saturday')[0]?.[0]).toBe('mentioned');
  });

  it('falls back to the given zone, marked as assumed, when the number names none', () => {
    const times = findSpokenTimes([{ speaker: 'customer', start: 0, text: 'call me tomorrow after five' }], {
      ...PACIFIC,
      timeZone: null,
    });
    expect(times.map((t) => [t.start, t.timeZone, t.zoneAssumed])).toEqual([['2026-03-03T17:00:00+00:00', 'UTC', true]]);
  });

  it('reads nothing without a call start, from empty text, emoji or control characters', () => {
    expect(said('call me tomorrow', { ...PACIFIC, callStartedAt: null })).toEqual([]);
    expect(said('call me tomorrow', { ...PACIFIC, callStartedAt: 'not a date' })).toEqual([]);
    expect(said('')).toEqual([]);
    expect(said('📞📞 \u0000\u0007 ok')).toEqual([]);
    expect(said('x'.repeat(50_000))).toEqual([]);
  });

  it('keeps the quote, speaker and when it was said', () => {
    const [t] = findSpokenTimes(
      [{ speaker: 'customer', start: 42, text: 'Sorry, bad time. Call me back tomorrow after five. Thanks!' }],
      PACIFIC,
    );
    expect(t).toMatchObject({ quote: 'Call me back tomorrow after five.', speaker: 'customer', saidAt: 42, expression: 'tomorrow at 5' });
  });
});

describe('zoned time', () => {
  it('names wall-clock times across a daylight-saving change', () => {
    const ms = instantOfWallClock('America/Los_Angeles', { year: 2026, month: 3, day: 8, hour: 9, minute: 0 });
    expect(new Date(ms).toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(isoInZone(ms, 'America/Los_Angeles')).toBe('2026-03-08T09:00:00-07:00');
    expect(isoInZone(Date.parse('2026-07-01T00:00:00Z'), 'Asia/Kolkata')).toBe('2026-07-01T05:30:00+05:30');
  });
});
