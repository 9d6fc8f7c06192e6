import { describe, expect, it } from 'vitest';
import publicExamples from '../../../resources/trackers/public-examples.json';
import { BUILT_IN_TRACKER_DEFINITIONS, BUILT_IN_TRACKER_IDS } from '../../../electron/trackers/train-tracker-set';
import { everydayCandidates } from '../../bench/trackers/everyday-sentences';

const bySource: Record<string, Record<string, { examples?: string[]; notThis?: string[] }>> = publicExamples.trackers;
const sentences = Object.values(bySource).flatMap((sources) => Object.values(sources).flatMap((s) => [...(s.examples ?? []), ...(s.notThis ?? [])]));

describe('public example sentences (resources/trackers/public-examples.json)', () => {
  it('belong to built-in trackers and name their licensed source', () => {
    expect(Object.keys(bySource).filter((id) => !BUILT_IN_TRACKER_IDS.has(id))).toEqual([]);
    const used = new Set(Object.values(bySource).flatMap((sources) => Object.keys(sources)));
    expect([...used].filter((source) => !(source in publicExamples.sources))).toEqual([]);
  });

  it('are merged into the built-in definitions', () => {
    const trained = new Set(BUILT_IN_TRACKER_DEFINITIONS.flatMap((d) => [...d.examples, ...d.notThis]));
    expect(sentences.filter((s) => !trained.has(s))).toEqual([]);
  });

  it('are none of the rows the unseen estimate draws its everyday sentences from', () => {
    const everyday = new Set(everydayCandidates().map((c) => c.text.toLowerCase()));
    expect(sentences.filter((s) => everyday.has(s.toLowerCase()))).toEqual([]);
  });
});
