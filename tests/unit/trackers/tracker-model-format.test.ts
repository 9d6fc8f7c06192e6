import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileTracker, trackerProbability } from '../../../electron/trackers/match-trackers';
import { sentenceFeatures } from '../../../electron/trackers/sentence-features';
import {
  parseTrackerModel,
  SKIP_GRAM_ALIGNMENT_FORMAT,
  TRACKER_MODEL_FORMAT,
} from '../../../electron/trackers/tracker-model';

interface StoredFixture {
  model: { format: number };
  sentences: { text: string; probability: number }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/trackers/format-1-team-model.json', import.meta.url), 'utf8'),
) as StoredFixture;

describe('stored tracker models of an earlier format', () => {
  it('read a format-1 team tracker (as stored in SQLite before soft alignment) and score every sentence as that version did', () => {
    expect(fixture.model.format).toBe(1);
    const model = parseTrackerModel(JSON.stringify(fixture.model));
    expect(model.format).toBe(TRACKER_MODEL_FORMAT);
    expect(model.extraWeights.slice(3)).toEqual([0, 0, 0]);
    const compiled = compileTracker(model);
    for (const s of fixture.sentences) {
      expect(trackerProbability(compiled, sentenceFeatures(s.text)), s.text).toBeCloseTo(s.probability, 9);
    }
  });

  it('read a format-2 model as format 2: its alignment weights were learnt on skip-gram similarities (the store retrains it)', () => {
    const stored = JSON.parse(
      readFileSync(new URL('../../fixtures/trackers/format-2-team-tracker.json', import.meta.url), 'utf8'),
    ) as { model: object };
    expect(parseTrackerModel(JSON.stringify(stored.model)).format).toBe(SKIP_GRAM_ALIGNMENT_FORMAT);
    expect(TRACKER_MODEL_FORMAT).not.toBe(SKIP_GRAM_ALIGNMENT_FORMAT);
  });

  it('refuse a format-1 model with the wrong number of similarity weights', () => {
    const broken = { ...fixture.model, extraWeights: [0.1, 0.2] };
    expect(() => parseTrackerModel(JSON.stringify(broken))).toThrow();
  });
});
