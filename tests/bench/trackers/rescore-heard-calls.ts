// Scores tracker models on saved runs of the trackers-through-speech bench (TRACKER_AUDIO_SAVE=file): the
// engine's transcripts do not depend on the tracker models, so a training change is measured on the same
// transcripts in a minute instead of decoding again. Trains the built-in set as train-built-in-trackers.ts
// does, plus the heard forms of resources/trackers/heard-examples.json (NO_HEARD=1: without them, as
// shipped); SHIPPED=1 scores
// resources/trackers/built-in-models.json instead, which must give the bench's own figures.
// Run: npx tsx tests/bench/trackers/rescore-heard-calls.ts /tmp/dev.json /tmp/holdout.json
import { readFileSync } from 'node:fs';
import { shippedHeardExamples } from '../../../electron/trackers/heard-examples';
import { builtInTrackers } from '../../../electron/trackers/built-in-trackers';
import { compileTracker } from '../../../electron/trackers/match-trackers';
import { BUILT_IN_TRACKER_DEFINITIONS, trainTrackerSet } from '../../../electron/trackers/train-tracker-set';
import { found, tally, type HeardCall, type Tally } from '../trackers-engine';

const trackers = process.env.SHIPPED
  ? builtInTrackers()
  : trainTrackerSet(BUILT_IN_TRACKER_DEFINITIONS, undefined, process.env.NO_HEARD ? undefined : shippedHeardExamples()).map(compileTracker);
console.log(process.env.SHIPPED ? 'shipped models' : process.env.NO_HEARD ? 'trained without heard forms' : 'trained with heard forms');

for (const path of process.argv.slice(2)) {
  const saved = JSON.parse(readFileSync(path, 'utf8')) as { split: string; calls: HeardCall[] };
  const truth: Tally = { positives: 0, caught: 0, extra: 0 };
  const heard: Tally = { positives: 0, caught: 0, extra: 0 };
  const onNegatives = { truth: 0, heard: 0 };
  for (const call of saved.calls) {
    const labelled = new Set(call.labelled);
    const onTruth = found(call.truth, trackers);
    const onEngine = found(call.heard, trackers);
    if (labelled.size === 0) {
      onNegatives.truth += onTruth.size;
      onNegatives.heard += onEngine.size;
      continue;
    }
    tally(truth, labelled, onTruth);
    tally(heard, labelled, onEngine);
  }
  const kept = truth.caught > 0 ? (heard.caught / heard.positives / (truth.caught / truth.positives)) * 100 : 0;
  console.log(
    `${saved.split}: true ${truth.caught}/${truth.positives} (unlabelled ${truth.extra}), heard ${heard.caught}/${heard.positives} (unlabelled ${heard.extra}), ` +
      `kept ${kept.toFixed(0)}%; on hard-negative calls ${onNegatives.truth} true, ${onNegatives.heard} heard`,
  );
}
