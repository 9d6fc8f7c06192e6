import { describe, expect, it } from 'vitest';
import { sentenceFeatures } from '../../../electron/trackers/sentence-features';
import { builtInTrackers } from '../../../electron/trackers/built-in-trackers';
import { alignedExamples, alignmentBest, alignmentBestAndTopThree, alignmentScores, bestAndTopThree } from '../../../electron/trackers/soft-alignment';
import { BACKGROUND_SENTENCES } from '../../../electron/trackers/train-tracker-set';
import { evalSplit } from '../../fixtures/trackers/eval-set';

const content = (text: string) => sentenceFeatures(text).content;

describe('soft word alignment', () => {
  const examples = alignedExamples([
    content('Could someone come out and take a look at the furnace?'),
    content('How much would the whole job cost?'),
    content('zorblat quux'),
  ]);

  it('scores a sentence against itself highest, a paraphrase in other words above an unrelated sentence', () => {
    const itself = alignmentScores(examples, content('How much would the whole job cost?'))[1]!;
    const paraphrase = alignmentScores(examples, content('What would the entire job price be?'))[1]!;
    const unrelated = alignmentScores(examples, content('My daughter plays football on Sundays.'))[1]!;
    expect(itself).toBeGreaterThan(0.85);
    expect(itself).toBeGreaterThan(paraphrase);
    expect(paraphrase).toBeGreaterThan(unrelated + 0.1);
  });

  it('gives a sentence of one content word nothing: that is a keyword match, which the terms weigh', () => {
    expect([...alignmentScores(alignedExamples([content('no thank you bye')]), content('Bye.'))]).toEqual([0]);
  });

  it('matches a word without a vector only to itself', () => {
    expect(alignmentScores(examples, content('zorblat quux'))[2]).toBeGreaterThan(0.75);
    expect(alignmentScores(examples, content('florp wibble'))[2]).toBe(0);
  });

  it('leaves one example out when asked, and gives a sentence of function words nothing', () => {
    const self = alignmentScores(examples, content('How much would the whole job cost?'), 1);
    expect(self[1]).toBe(0);
    expect(self[0]).toBeGreaterThan(0);
    expect([...alignmentScores(examples, content('it is to the'))]).toEqual([0, 0, 0]);
  });

  it('takes the best score and the mean of the best three', () => {
    const [best, topThree] = bestAndTopThree(Float32Array.from([0.2, 0.9, 0.5, 0.8]));
    expect(best).toBeCloseTo(0.9, 6);
    expect(topThree).toBeCloseTo((0.9 + 0.8 + 0.5) / 3, 6);
  });

  it('finds the same best and best-three mean without aligning the examples that cannot reach them, for every built-in tracker', () => {
    const sentences = [...evalSplit('dev'), ...evalSplit('test')].map((s) => s.text).concat(BACKGROUND_SENTENCES.slice(0, 300));
    let compared = 0;
    for (const text of sentences) {
      const words = content(text);
      for (const t of builtInTrackers()) {
        for (const examples of [t.reference.alignedPositives, t.reference.alignedNegatives]) {
          const whole = alignmentScores(examples, words);
          // Bit for bit: the tracker's probability is a function of these two numbers.
          expect(alignmentBestAndTopThree(examples, words), text).toEqual(bestAndTopThree(whole));
          // Leaving one example out (training) too.
          expect(alignmentBestAndTopThree(examples, words, 0), text).toEqual(bestAndTopThree(alignmentScores(examples, words, 0)));
          expect(alignmentBest(examples, words), text).toBe(bestAndTopThree(whole)[0]);
          if (whole.length > 3) compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
