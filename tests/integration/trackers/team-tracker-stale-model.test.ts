import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../../electron/db/open';
import {
  compileTracker,
  trackerProbability,
  type CompiledTracker,
} from '../../../electron/trackers/match-trackers';
import { sentenceFeatures } from '../../../electron/trackers/sentence-features';
import {
  currentTrackerModel,
  type StoredTrackerModel,
} from '../../../electron/trackers/team/retrain-stale-tracker';
import { saveTeamTrackerVersion, teamTrackers } from '../../../electron/trackers/team/team-tracker-store';
import { teamTrackerDefinition, trainTeamTracker } from '../../../electron/trackers/team/train-team-tracker';
import {
  parseTrackerModel,
  serialiseTrackerModel,
  TRACKER_MODEL_FORMAT,
} from '../../../electron/trackers/tracker-model';
import { teamTrackerInputSchema } from '../../../shared/api/trackers';
import { EMAIL_CALLS } from '../../fixtures/seed-tracker-calls';
import { tempDir } from '../../fixtures/temp';

/** A team tracker as main saved it at 4e623bb: definition and its format-2 model (alignment learnt on skip-gram similarities). */
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/trackers/format-2-team-tracker.json', import.meta.url), 'utf8'),
) as {
  definition: unknown;
  model: { format: number; id: string };
};
const tracker = teamTrackerInputSchema.parse(fixture.definition);

const SENTENCES = [
  ...Object.values(EMAIL_CALLS).flatMap((lines) => lines.map(([, text]) => text)),
  'Can you shoot me an email with the price?',
  'Would you mind sending that to my inbox?',
  'What time does the technician arrive?',
];

const probabilities = (t: CompiledTracker): number[] =>
  SENTENCES.map((s) => trackerProbability(t, sentenceFeatures(s)));
const hits = (t: CompiledTracker): string[] =>
  SENTENCES.filter((s) => trackerProbability(t, sentenceFeatures(s)) >= t.model.threshold);

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
  vi.restoreAllMocks();
});

function databaseWithStaleTracker(): { path: string; db: Db } {
  const tmp = tempDir('cr-stale-tracker-');
  cleanups.push(tmp.cleanup);
  const path = join(tmp.path, 'callrank.db');
  const db = openDatabase(path);
  saveTeamTrackerVersion(
    db,
    { ...tracker, id: fixture.model.id },
    parseTrackerModel(JSON.stringify(fixture.model)),
    'sam',
  );
  return { path, db };
}

const rowOf = (db: Db) =>
  db
    .prepare('SELECT tracker_id, version, definition, model, active FROM team_trackers')
    .all() as (StoredTrackerModel & { active: number })[];

describe('a team tracker stored with a format-2 model (alignment learnt on skip-gram similarities)', () => {
  it('is retrained from its definition into the same row the first time the store compiles it, and only then', () => {
    expect(fixture.model.format).toBe(2);
    const { path, db } = databaseWithStaleTracker();
    const [before] = rowOf(db);
    const stale = compileTracker(parseTrackerModel(before!.model));
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);

    const [compiled] = teamTrackers(db);
    const rows = rowOf(db);
    expect(rows).toHaveLength(1);
    const after = rows[0]!;
    expect({ ...after, model: undefined }).toEqual({ ...before, model: undefined });
    expect(JSON.parse(after.model)).toMatchObject({ format: TRACKER_MODEL_FORMAT, id: fixture.model.id });
    expect(info).toHaveBeenCalledTimes(1);

    // What a save of the same definition trains today.
    const fresh = trainTeamTracker(teamTrackerDefinition({ ...tracker, id: fixture.model.id }));
    expect(after.model).toBe(serialiseTrackerModel(fresh));
    const freshCompiled = compileTracker(fresh);
    expect(probabilities(compiled!)).toEqual(probabilities(freshCompiled));
    expect(hits(compiled!)).toEqual(hits(freshCompiled));
    expect(hits(compiled!)).toContain('Could you email me a copy of the quote?');
    expect(hits(compiled!)).not.toContain('Please send the brochure to my email.');
    // The stale weights did give other probabilities: the row really was retrained, not relabelled.
    expect(probabilities(stale)).not.toEqual(probabilities(freshCompiled));
    db.close();

    // Another open of the file reads format 3 and trains nothing.
    const again = openDatabase(path);
    cleanups.push(() => again.close());
    info.mockClear();
    const [reread] = teamTrackers(again);
    expect(info).not.toHaveBeenCalled();
    expect(rowOf(again)[0]!.model).toBe(after.model);
    expect(probabilities(reread!)).toEqual(probabilities(freshCompiled));
  });

  it('two connections retraining the same row write it once and agree', () => {
    const { path, db } = databaseWithStaleTracker();
    const other = openDatabase(path);
    cleanups.push(() => other.close());
    // Both read the stale row before either writes, as two processes starting together would.
    const [seenByFirst] = rowOf(db);
    const [seenByOther] = rowOf(other);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const first = currentTrackerModel(db, seenByFirst!);
    const second = currentTrackerModel(other, seenByOther!);
    expect([first.source, second.source]).toEqual(['retrained', 'retrained']);
    expect(serialiseTrackerModel(second.model)).toBe(serialiseTrackerModel(first.model));
    expect(rowOf(other)[0]!.model).toBe(serialiseTrackerModel(first.model));
    // The second write found the model changed under it and changed nothing.
    expect(info).toHaveBeenCalledTimes(1);
    db.close();
  });

  it('whose definition no longer trains keeps matching with its stored model, with a warning, and nothing stored changes', () => {
    const { db } = databaseWithStaleTracker();
    // A built-in tracker later took the name: the definition is refused as a new save would be.
    db.prepare("UPDATE team_trackers SET tracker_id = 'pricing_asked'").run();
    const [before] = rowOf(db);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    const [compiled] = teamTrackers(db);
    expect(compiled?.model.format).toBe(2);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /team tracker "pricing_asked" version 1: .*old word alignment.*built-in tracker "pricing_asked"/,
      ),
    );
    expect(rowOf(db)).toEqual([before]);
    expect(probabilities(compiled!)).toEqual(probabilities(compileTracker(parseTrackerModel(before!.model))));
    db.close();
  });
});
