import { z } from 'zod';
import { compileTracker, type CompiledTracker } from './match-trackers';
import { trackerModelSchema } from './tracker-model';
import { readShippedJson } from './word-vectors';

/**
 * The built-in intents and compliance statements, trained at build time by
 * scripts/train-built-in-trackers.ts from resources/trackers/*.json.
 */
let builtIn: CompiledTracker[] | undefined;

export function builtInTrackers(): CompiledTracker[] {
  builtIn ??= z
    .object({ models: z.array(trackerModelSchema) })
    .parse(readShippedJson('built-in-models.json'))
    .models.map(compileTracker);
  return builtIn;
}
