// Trains the built-in trackers from resources/trackers/*.json and writes the models the product
// loads (resources/trackers/built-in-models.json), so no call waits for training. Re-run after
// editing an example; tests/unit/trackers/built-in-models.test.ts fails while the file is stale.
// Run: npx tsx scripts/train-built-in-trackers.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUILT_IN_TRACKER_DEFINITIONS, trainTrackerSet } from '../electron/trackers/train-tracker-set';

const out = fileURLToPath(new URL('../resources/trackers/built-in-models.json', import.meta.url));
const models = trainTrackerSet(BUILT_IN_TRACKER_DEFINITIONS);
writeFileSync(out, `${JSON.stringify({ models })}\n`);
console.log(`wrote ${models.length} tracker models to ${out}`);
