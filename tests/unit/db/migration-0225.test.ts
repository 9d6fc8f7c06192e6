import { afterEach, describe, expect, it } from 'vitest';
import { migration } from '../../../electron/db/migrations/0225-team-trackers';
import { listTeamTrackers } from '../../../electron/trackers/team/team-tracker-store';
import { dbAtVersion } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

describe('migration 0225 team-trackers', () => {
  it('adds the team trackers table to a database holding calls and rubrics, keeping them, and runs twice harmlessly', () => {
    const db = dbAtVersion(220, cleanups);
    db.prepare(`INSERT INTO calls (call_id, transcript, features, created_at, updated_at) VALUES ('C1', '{"t":1}', '{"f":1}', ?, ?)`).run(T, T);
    db.prepare(`INSERT INTO rubrics (kind, version, name, definition, active, created_by, created_at) VALUES ('qa', 3, 'QA', '{"x":1}', 1, 'sam', ?)`).run(T);
    const before = {
      calls: db.prepare('SELECT * FROM calls').all(),
      rubrics: db.prepare('SELECT * FROM rubrics').all(),
    };
    migration.up(db);
    migration.up(db);
    expect(db.prepare('SELECT * FROM calls').all()).toEqual(before.calls);
    expect(db.prepare('SELECT * FROM rubrics').all()).toEqual(before.rubrics);
    expect(listTeamTrackers(db)).toEqual([]);
    const definition = JSON.stringify({ id: 'asks_by_email', name: 'Asks by email', speaker: 'customer', examples: ['Email me the quote.'], keywords: [], notThis: [] });
    const insert = db.prepare(`INSERT INTO team_trackers (tracker_id, version, definition, model, active, created_at) VALUES ('asks_by_email', ?, ?, '{}', ?, ?)`);
    insert.run(1, definition, 0, T);
    insert.run(2, definition, 1, T);
    expect(() => insert.run(2, definition, 1, T)).toThrow(/UNIQUE/);
    expect(listTeamTrackers(db)).toMatchObject([{ id: 'asks_by_email', version: 2, tracker: { name: 'Asks by email' } }]);
    // A call queued for a tracker-only re-analysis; deleting the call drops its mark.
    db.prepare(`INSERT INTO tracker_reanalysis (call_id) VALUES ('C1')`).run();
    db.prepare(`DELETE FROM calls WHERE call_id = 'C1'`).run();
    expect(db.prepare('SELECT COUNT(*) FROM tracker_reanalysis').pluck().get()).toBe(0);
  });
});
