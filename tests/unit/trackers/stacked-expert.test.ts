import { describe, expect, it } from 'vitest';
import { stackedFold } from '../../../electron/trackers/logistic-fit';
import { compileTracker, trackerProbability } from '../../../electron/trackers/match-trackers';
import { sentenceFeatures } from '../../../electron/trackers/sentence-features';
import { EXTRA_FEATURES, trainTracker, type ExpertRow, type StackedExpert } from '../../../electron/trackers/train-tracker';

const definition = {
  id: 'warranty_asked',
  label: 'Warranty asked',
  speaker: 'customer',
  examples: ['What kind of warranty does it come with?', 'Is there a guarantee on the work?', 'how long is the warranty', 'Do you stand behind your work?'],
  notThis: ['The warranty card is in the box.'],
};
const negatives = ['We have a big dog.', 'The weather is nice today.', 'I will be home at six.', 'My sister lives in Ohio.', 'Thanks for calling.'];

/** A second-stage input the term model never sees: 1 on the concept's sentences, 0 elsewhere. */
function labelExpert(): StackedExpert & { seen: ExpertRow[] } {
  const seen: ExpertRow[] = [];
  return {
    seen,
    signs: [1],
    fit(_id, _examples, _notThis, rows) {
      seen.push(...rows);
      return rows.map((r) => [r.y]);
    },
  };
}

describe('a stacked expert (the sentence-encoder experiment hook)', () => {
  it('sees every training row once with its stacked fold and its example / "not this" index', () => {
    const expert = labelExpert();
    trainTracker(definition, { negatives, expert });
    expect(expert.seen.map((r) => r.text)).toEqual([...definition.examples, ...definition.notThis, ...negatives]);
    expect(expert.seen.map((r) => r.fold)).toEqual(expert.seen.map((_, i) => stackedFold({}, i)));
    expect(expert.seen.map((r) => r.positive)).toEqual([0, 1, 2, 3, -1, -1, -1, -1, -1, -1]);
    expect(expert.seen.map((r) => r.notThis)).toEqual([-1, -1, -1, -1, 0, -1, -1, -1, -1, -1]);
  });

  it("gets a weight after the similarity features, which the sentence's expert features then move", () => {
    const model = trainTracker(definition, { negatives, expert: labelExpert() });
    expect(model.extraWeights).toHaveLength(EXTRA_FEATURES + 1);
    expect(model.extraWeights[EXTRA_FEATURES]).toBeGreaterThan(0);
    const t = compileTracker(model);
    const f = sentenceFeatures('Does it have a warranty?');
    expect(trackerProbability(t, f, [1])).toBeGreaterThan(trackerProbability(t, f, [0]));
  });

  it('changes nothing when absent: a model trained without one has the six similarity weights', () => {
    expect(trainTracker(definition, { negatives }).extraWeights).toHaveLength(EXTRA_FEATURES);
  });
});
