import type { Db } from '../../db/open';
import { stmt } from '../../db/statements';
import { builtInTrackers } from '../built-in-trackers';
import { compileTracker, type CompiledTracker } from '../match-trackers';
import { serialiseTrackerModel, type TrackerModel } from '../tracker-model';
import { currentTrackerModel, type StoredTrackerModel } from './retrain-stale-tracker';
import { loadActiveRubrics, saveRubricVersion } from '../../scoring/rubric-store';
import { teamTrackerInputSchema, type StoredTeamTracker, type TeamTracker } from '../../../shared/api/trackers';

interface TrackerRow {
  tracker_id: string;
  version: number;
  definition: string;
  model: string;
  created_at: string;
  created_by: string | null;
}

/** Each team tracker's current version, by name. */
export function listTeamTrackers(db: Db): StoredTeamTracker[] {
  const rows = db
    .prepare('SELECT tracker_id, version, definition, created_at, created_by FROM team_trackers WHERE active = 1 ORDER BY tracker_id')
    .all() as Omit<TrackerRow, 'model'>[];
  return rows.map((r) => ({
    id: r.tracker_id,
    version: r.version,
    tracker: { ...teamTrackerInputSchema.parse(JSON.parse(r.definition)), id: r.tracker_id },
    created_at: r.created_at,
    created_by: r.created_by,
  }));
}

/** The versions in force, id -> version: what a rubric version records. */
export function activeTrackerVersions(db: Db): Record<string, number> {
  const rows = stmt(db, 'SELECT tracker_id, version FROM team_trackers WHERE active = 1 ORDER BY tracker_id').all() as {
    tracker_id: string;
    version: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.tracker_id, r.version]));
}

interface Compiled {
  key: string;
  team: CompiledTracker[];
  all?: CompiledTracker[];
}

// Per connection: a connection to another database file (a test's, a restored backup) has its own trackers.
const cache = new WeakMap<Db, Compiled>();

function compiled(db: Db): Compiled {
  const key = JSON.stringify(activeTrackerVersions(db));
  let c = cache.get(db);
  if (c?.key !== key) {
    const rows = db
      .prepare('SELECT tracker_id, version, definition, model FROM team_trackers WHERE active = 1 ORDER BY tracker_id')
      .all() as StoredTrackerModel[];
    c = { key, team: rows.map((r) => compileTracker(currentTrackerModel(db, r).model)) };
    cache.set(db, c);
  }
  return c;
}

/** What analysis runs on a call: the built-in trackers and the team's current ones, compiled again only after a save. */
export function analysisTrackers(db: Db): CompiledTracker[] {
  const c = compiled(db);
  return (c.all ??= [...builtInTrackers(), ...c.team]);
}

/** The team's current trackers alone: a re-analysis after a save loads no built-in model (about 30 MB). */
export function teamTrackers(db: Db): CompiledTracker[] {
  return compiled(db).team;
}

export interface SavedTeamTracker {
  id: string;
  version: number;
  rubricVersions: Record<string, number>;
}

/**
 * Stores the tracker as its next version and, in the same transaction, a new version of every
 * active rubric recording the tracker versions now in force (the rule in docs/design/team-trackers.md).
 */
export function saveTeamTrackerVersion(db: Db, tracker: TeamTracker & { id: string }, model: TrackerModel, by: string): SavedTeamTracker {
  return db.transaction(() => {
    const { v } = db.prepare('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM team_trackers WHERE tracker_id = ?').get(tracker.id) as { v: number };
    db.prepare('UPDATE team_trackers SET active = 0 WHERE tracker_id = ? AND active = 1').run(tracker.id);
    db.prepare(
      'INSERT INTO team_trackers (tracker_id, version, definition, model, active, created_by, created_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
    ).run(tracker.id, v, JSON.stringify(tracker), serialiseTrackerModel(model), by, new Date().toISOString());
    const versions = activeTrackerVersions(db);
    const rubricVersions: Record<string, number> = {};
    for (const r of loadActiveRubrics(db)) {
      rubricVersions[r.rubric.kind] = saveRubricVersion(db, { ...r.rubric, trackers: versions }, by).version;
    }
    return { id: tracker.id, version: v, rubricVersions };
  })();
}
