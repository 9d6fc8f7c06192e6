import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_SENTENCES, BUILT_IN_TRACKER_DEFINITIONS, trainTrackerSet } from '../../../electron/trackers/train-tracker-set';
import { evalSentences } from '../../fixtures/trackers/eval-set';
import { holdoutSentences } from '../../fixtures/trackers/holdout-set';

describe('built-in tracker models', () => {
  it('are the ones the shipped examples train (re-run scripts/train-built-in-trackers.ts after editing an example)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../../resources/trackers/built-in-models.json', import.meta.url), 'utf8')) as unknown;
    expect(committed).toEqual({ models: trainTrackerSet(BUILT_IN_TRACKER_DEFINITIONS) });
  }, 120_000);

  it('are trained on no sentence of the evaluation set', () => {
    const key = (s: string) => s.toLowerCase().replace(/[^a-z ]/g, '').trim();
    const evalKeys = new Set(evalSentences().map((s) => key(s.text)));
    const training = [...BUILT_IN_TRACKER_DEFINITIONS.flatMap((d) => [...d.examples, ...d.notThis]), ...BACKGROUND_SENTENCES];
    expect(training.filter((s) => evalKeys.has(key(s)))).toEqual([]);
  });

  it('are trained on no near copy of a held-out sentence (60% or more of the words shared)', () => {
    const words = (s: string) => new Set(s.toLowerCase().replace(/'/g, '').replace(/[^a-z0-9 ]/g, ' ').split(/\s+/).filter(Boolean));
    const training = [...BUILT_IN_TRACKER_DEFINITIONS.flatMap((d) => [...d.examples, ...d.notThis]), ...BACKGROUND_SENTENCES].map(words);
    const near = holdoutSentences().filter((h) => {
      const a = words(h.text);
      return training.some((b) => {
        const shared = [...a].filter((w) => b.has(w)).length;
        return shared / (a.size + b.size - shared) >= 0.6;
      });
    });
    expect(near.map((h) => h.text)).toEqual([]);
  });
});
