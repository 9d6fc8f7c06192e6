// Threshold sweep for the built-in trackers on the eval set's DEV half only (the test half is for
// reporting, in `npm run bench -- trackers`). Trains from resources/trackers/*.json as they are now,
// so an edited example can be tried before re-running scripts/train-built-in-trackers.ts.
// Run: npx tsx tests/bench/trackers/tune-on-dev.ts
import { compileTracker } from '../../../electron/trackers/match-trackers';
import { BUILT_IN_TRACKER_DEFINITIONS, trainTrackerSet } from '../../../electron/trackers/train-tracker-set';
import { evalSplit } from '../../fixtures/trackers/eval-set';
import { scoreEvalSet } from './score-eval-set';
import { trackerMatcher } from './tracker-matcher';

const t0 = performance.now();
const models = trainTrackerSet(BUILT_IN_TRACKER_DEFINITIONS);
console.log(`trained ${models.length} trackers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const dev = evalSplit('dev');
for (let threshold = 0.4; threshold <= 0.801; threshold += 0.025) {
  const r = scoreEvalSet(dev, trackerMatcher(models.map((m) => compileTracker({ ...m, threshold }))));
  console.log(
    `threshold ${threshold.toFixed(3)}: dev macro recall ${r.macroRecall.toFixed(3)}, macro precision ${r.macroPrecision.toFixed(3)}, ` +
      `false alarms ${(r.falseAlarmRate * 100).toFixed(1)}%`,
  );
}
