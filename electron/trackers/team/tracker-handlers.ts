import type { Api } from '../../../shared/api/contract';
import { PREVIEW_CALLS, teamTrackerInputSchema, type TeamTracker, type TeamTrackerInput } from '../../../shared/api/trackers';
import type { CoreContext } from '../../core/context';
import { ApiError } from '../../core/dispatch';
import { builtInTrackers } from '../built-in-trackers';
import { compileTracker } from '../match-trackers';
import type { TrackerDefinition } from '../tracker-definition';
import { previewOnStoredCalls } from './preview-tracker';
import { queueReanalysis } from './queue-reanalysis';
import { listTeamTrackers, saveTeamTrackerVersion } from './team-tracker-store';
import { TeamTrackerError, teamTrackerDefinition, trackerQuality, trainTeamTracker } from './train-team-tracker';

type TrackerApi = Pick<Api, 'listTrackers' | 'previewTracker' | 'saveTracker'>;

/** A tracker the supervisor must fix is a 400 with its reason; nothing is stored. */
function definitionOf(input: TeamTrackerInput): { tracker: TeamTracker; def: TrackerDefinition } {
  // Parsed at the boundary already; parsed again here for the defaults' types.
  const tracker = teamTrackerInputSchema.parse(input);
  try {
    return { tracker, def: teamTrackerDefinition(tracker) };
  } catch (err) {
    if (err instanceof TeamTrackerError) throw new ApiError(400, err.message);
    throw err;
  }
}

export function trackerHandlers(ctx: CoreContext): TrackerApi {
  return {
    async listTrackers() {
      return {
        trackers: listTeamTrackers(ctx.db),
        builtIn: builtInTrackers().map((t) => ({ id: t.model.id, label: t.model.label, speaker: t.model.speaker })),
      };
    },
    async previewTracker({ tracker: input, lastCalls }) {
      const { def } = definitionOf(input);
      const compiled = compileTracker(trainTeamTracker(def));
      return { ...previewOnStoredCalls(ctx.db, compiled, lastCalls ?? PREVIEW_CALLS), quality: trackerQuality(def) };
    },
    async saveTracker({ tracker: input, by }) {
      const { tracker, def } = definitionOf(input);
      const model = trainTeamTracker(def);
      const stored = { ...tracker, id: def.id, examples: def.examples, notThis: def.notThis, keywords: def.keywords };
      const saved = saveTeamTrackerVersion(ctx.db, stored, model, by ?? 'supervisor');
      const queued = queueReanalysis(ctx.db);
      ctx.events.emit('event', { type: 'data-changed', tables: ['trackers', 'rubrics', 'jobs'] });
      ctx.startJobs();
      return { ...saved, queued };
    },
  };
}
