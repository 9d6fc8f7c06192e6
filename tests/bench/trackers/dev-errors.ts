// Lists the built-in trackers' misses and false hits on the eval set's DEV half and the held-out
// set (never the test half), trained from resources/trackers/*.json as they are now.
// Run: npx tsx tests/bench/trackers/dev-errors.ts [threshold]
import { compileTracker, matchSentences } from '../../../electron/trackers/match-trackers';
import { BUILT_IN_TRACKER_DEFINITIONS, trainTrackerSet } from '../../../electron/trackers/train-tracker-set';
import { evalSplit } from '../../fixtures/trackers/eval-set';
import { holdoutSentences } from '../../fixtures/trackers/holdout-set';
import type { LabelledSentence } from './score-eval-set';

const threshold = Number(process.argv[2] ?? 'NaN');
const models = trainTrackerSet(BUILT_IN_TRACKER_DEFINITIONS).map((m) => compileTracker(Number.isFinite(threshold) ? { ...m, threshold } : m));
const sets: [string, LabelledSentence[]][] = [
  ['dev', evalSplit('dev')],
  ['held-out', holdoutSentences()],
];
for (const [name, sentences] of sets) {
  console.log(`\n== ${name}`);
  for (const s of sentences) {
    const hits = matchSentences(models, [{ text: s.text, speaker: s.speaker, start: 0 }]);
    const found = new Set(hits.map((h) => h.trackerId));
    const missed = s.concepts.filter((c) => !found.has(c));
    const wrong = hits.filter((h) => !(s.concepts as readonly string[]).includes(h.trackerId));
    if (missed.length === 0 && wrong.length === 0) continue;
    const tags = [...missed.map((c) => `MISS ${c}`), ...wrong.map((h) => `FALSE ${h.trackerId} ${h.confidence}`)];
    console.log(`${s.speaker.padEnd(8)} ${tags.join(', ').padEnd(50)} ${s.text}`);
  }
}
