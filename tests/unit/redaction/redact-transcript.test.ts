import { describe, expect, it } from 'vitest';
import { redactTranscript } from '../../../electron/redaction/redact-transcript';
import type { Transcript } from '../../../shared/transcript';

const base = { engine: 'x', model: 'x', engineVersion: '1', source: 'engine' as const, language: 'en', durationS: 10 };

describe('redactTranscript', () => {
  it("replaces the number in the text and the words, and gives the words' times (with a margin) for the audio", () => {
    const words = ['card', 'is', 'four', 'one', 'one', 'one', 'one', 'one', 'one', 'one', 'one', 'one', 'one', 'one', 'one', 'one', 'one', 'one', 'ok'].map((word, i) => ({ word, start: 1 + i * 0.3, end: 1.25 + i * 0.3 }));
    const transcript: Transcript = { ...base, segments: [{ speaker: 'customer', start: 1, end: 7, text: words.map((w) => w.word).join(' '), words }] };
    const r = redactTranscript(transcript, new Set(['card']));
    expect(r.count).toBe(1);
    expect(r.transcript.segments[0]?.text).toBe('card is [CARD NUMBER] ok');
    expect(r.transcript.segments[0]?.words?.map((w) => w.word)).toEqual(['card', 'is', '[CARD NUMBER]', 'ok']);
    expect(r.times).toHaveLength(1);
    expect(r.times[0]?.start).toBeCloseTo(1.6 - 0.25, 5);
    expect(r.times[0]?.end).toBeCloseTo(1 + 17 * 0.3 + 0.25 + 0.25, 5);
    expect(r.transcript.segments[0]?.words?.[2]).toMatchObject({ start: 1.6, end: 1 + 17 * 0.3 + 0.25 });
  });

  it('without words, times the piece by its share of the segment', () => {
    const transcript: Transcript = { ...base, segments: [{ speaker: 'customer', start: 0, end: 10, text: 'ssn is 123-45-6789' }] };
    const r = redactTranscript(transcript, new Set(['ssn']));
    expect(r.transcript.segments[0]?.text).toBe('ssn is [SSN]');
    expect(r.times[0]?.start).toBeGreaterThan(3);
    expect(r.times[0]?.end).toBeGreaterThanOrEqual(10);
  });

  it('leaves the transcript alone when no kind is on', () => {
    const transcript: Transcript = { ...base, segments: [{ speaker: 'customer', start: 0, end: 10, text: 'ssn is 123-45-6789' }] };
    expect(redactTranscript(transcript, new Set()).transcript).toBe(transcript);
  });
});
