import { describe, expect, it } from 'vitest';
import { mergeKeyphrases, spellingSimilarity } from '../../../electron/transcription/engines/embedded/keyphrase-merge';

const w = (word: string, start: number, end: number) => ({ word, start, end });

describe('mergeKeyphrases', () => {
  it('replaces the words the language model heard over a spotted phrase', () => {
    const words = [w('i', 0, 0.2), w('am', 0.2, 0.4), w('knot', 0.4, 0.7), w('in', 0.7, 0.8), w('trusted', 0.8, 1.2), w('thanks', 1.3, 1.7)];
    const merged = mergeKeyphrases(words, [{ phrase: 'not interested ', start: 0.42, end: 1.2 }]);
    expect(merged.map((x) => x.word)).toEqual(['i', 'am', 'not', 'interested', 'thanks']);
    expect(merged[2]?.start).toBeCloseTo(0.42);
    expect(merged[3]?.end).toBeCloseTo(1.2);
  });

  it('leaves the words alone when the model already heard the phrase', () => {
    const words = [w('our', 0, 0.3), w('pricing', 0.3, 0.9)];
    expect(mergeKeyphrases(words, [{ phrase: 'pricing', start: 0.3, end: 0.9 }])).toEqual(words);
  });

  it('inserts a phrase spotted where the model heard nothing', () => {
    const merged = mergeKeyphrases([w('hello', 0, 0.5)], [{ phrase: 'call back', start: 1, end: 1.6 }]);
    expect(merged.map((x) => x.word)).toEqual(['hello', 'call', 'back']);
  });
});

describe('false-alarm guard', () => {
  it('keeps the LM words when they look nothing like the spotted phrase', () => {
    const words = [w('my', 0, 0.3), w('fellow', 0.3, 0.6), w('americans', 0.6, 1.2)];
    expect(mergeKeyphrases(words, [{ phrase: 'call back', start: 0.6, end: 1.2 }])).toEqual(words);
  });

  it('scores spellings with spaces ignored', () => {
    expect(spellingSimilarity('knot in trusted', 'not interested')).toBeGreaterThan(0.7);
    expect(spellingSimilarity('americans', 'call back')).toBeLessThan(0.4);
    expect(spellingSimilarity('your', 'book')).toBeLessThan(0.4);
  });
});
