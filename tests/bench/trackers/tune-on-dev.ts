// Threshold sweep and per-concept figures for the built-in trackers on the eval set's DEV half and
// on the held-out set (holdout-sentences.jsonl) only; the test half is for reporting, in
// `npm run bench -- trackers`. Trains from resources/trackers/*.json as they are now, so an edited
// example can be tried before re-running scripts/train-built-in-trackers.ts.
// Run: npx tsx tests/bench/trackers/tune-on-dev.ts [--per-concept]
import { compileTracker, speakerFits, trackerProbability } from '../../../electron/trackers/match-trackers';
import { sentenceFeatures } from '../../../electron/trackers/sentence-features';
import { BUILT_IN_TRACKER_DEFINITIONS, trainTrackerSet } from '../../../electron/trackers/train-tracker-set';
import { evalSplit } from '../../fixtures/trackers/eval-set';
import { holdoutSentences } from '../../fixtures/trackers/holdout-set';
import { scoreEvalSet, type ConceptMatcher, type EvalFigures, type LabelledSentence } from './score-eval-set';
import { trackerMatcher } from './tracker-matcher';

const t0 = performance.now();
const models = trainTrackerSet(BUILT_IN_TRACKER_DEFINITIONS);
console.log(`trained ${models.length} trackers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const sets: [string, LabelledSentence[]][] = [
  ['dev', evalSplit('dev')],
  ['held-out', holdoutSentences()],
];
const line = (name: string, r: EvalFigures): string =>
  `${name}: macro recall ${r.macroRecall.toFixed(3)}, macro precision ${r.macroPrecision.toFixed(3)}, ` +
  `false alarms ${(r.falseAlarmRate * 100).toFixed(1)}% of ${r.negatives}`;

const shipped = trackerMatcher(models.map(compileTracker));
for (const [name, sentences] of sets) {
  const r = scoreEvalSet(sentences, shipped);
  console.log(`\nas trained (each tracker's own threshold) — ${line(name, r)}`);
  if (process.argv.includes('--per-concept')) {
    for (const c of r.perConcept) {
      console.log(`  ${c.concept.padEnd(25)} P ${c.precision.toFixed(2)}  R ${c.recall.toFixed(2)}  (tp ${c.truePositives}, fp ${c.falsePositives}, fn ${c.falseNegatives})`);
    }
  }
}
// Each tracker's probability for each sentence, computed once; thresholds are then swept over them.
const compiled = models.map(compileTracker);
const probabilities = new Map(
  sets.map(([name, sentences]) => [
    name,
    new Map(
      sentences.map((s) => {
        const f = sentenceFeatures(s.text);
        return [s, new Map(compiled.filter((t) => speakerFits(t.model.speaker, s.speaker)).map((t) => [t.model.id, trackerProbability(t, f)]))];
      }),
    ),
  ]),
);
const at = (name: string, threshold: number): ConceptMatcher => (s) =>
  new Set([...(probabilities.get(name)!.get(s as LabelledSentence) ?? [])].filter(([, p]) => p >= threshold).map(([id]) => id));
console.log('\none threshold for all trackers:');
let best: string | undefined;
for (let threshold = 0.3; threshold <= 0.9751; threshold += 0.025) {
  const figures = sets.map(([name, s]) => [name, scoreEvalSet(s, at(name, threshold))] as const);
  const text = `threshold ${threshold.toFixed(3)}  ${figures.map(([name, r]) => line(name, r)).join(' | ')}`;
  console.log(text);
  if (!best && figures.every(([, r]) => r.falseAlarmRate <= 0.05)) best = text;
}
console.log(`\nlowest with <= 5% false alarms on both: ${best ?? 'none'}`);
