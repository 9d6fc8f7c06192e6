import trained from '../../resources/trackers/built-in-models.json';
import { compileTracker, type CompiledTracker } from './match-trackers';
import { trackerModelSchema } from './tracker-model';

/**
 * The built-in intents and compliance statements, trained at build time by
 * scripts/train-built-in-trackers.ts from resources/trackers/*.json.
 */
let builtIn: CompiledTracker[] | undefined;

export function builtInTrackers(): CompiledTracker[] {
  builtIn ??= trained.models.map((m) => compileTracker(trackerModelSchema.parse(m)));
  return builtIn;
}
