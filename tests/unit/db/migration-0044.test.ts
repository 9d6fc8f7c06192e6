import { afterEach, describe, expect, it } from 'vitest';
import { migration } from '../../../electron/db/migrations/0044-lead-last-agent';
import { dbAtVersion } from '../../fixtures/db-at-version';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

describe('migration 0044 lead-last-agent', () => {
  it("keeps each lead's latest caller on the lead row, however its calls are written", () => {
    const db = dbAtVersion(43, cleanups);
    const lead = db.prepare(`INSERT INTO leads (lead_id, created_at, updated_at) VALUES (?, ?, ?)`);
    for (const id of ['L1', 'L2', 'L3']) lead.run(id, T, T);
    const call = db.prepare(
      `INSERT INTO calls (call_id, lead_id, agent, call_start_time, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    call.run('C1', 'L1', 'Ann', '2026-01-01T09:00:00Z', T, T);
    call.run('C2', 'L1', 'Bo', '2026-01-02T09:00:00Z', T, T);
    call.run('C3', 'L2', 'Cy', '2026-01-01T09:00:00Z', T, T);

    migration.up(db);
    migration.up(db);
    const agents = (): Record<string, string | null> =>
      Object.fromEntries(
        (
          db.prepare('SELECT lead_id, last_agent FROM leads ORDER BY lead_id').raw().all() as [
            string,
            string | null,
          ][]
        ).map(([id, agent]) => [id, agent]),
      );
    // Existing calls are filled in: L1's latest call is Bo's; L3 has none.
    expect(agents()).toEqual({ L1: 'Bo', L2: 'Cy', L3: null });

    call.run('C4', 'L1', 'Dee', '2025-12-31T09:00:00Z', T, T); // older: not the latest
    expect(agents().L1).toBe('Bo');
    call.run('C5', 'L1', 'Eve', '2026-01-03T09:00:00Z', T, T); // newer: the latest
    expect(agents().L1).toBe('Eve');
    db.prepare(`UPDATE calls SET agent = 'Flo' WHERE call_id = 'C5'`).run();
    expect(agents().L1).toBe('Flo');
    db.prepare(`UPDATE calls SET call_start_time = '2025-01-01T00:00:00Z' WHERE call_id = 'C5'`).run();
    expect(agents().L1).toBe('Bo');
    // A call moved to another lead updates both leads.
    db.prepare(`UPDATE calls SET lead_id = 'L3' WHERE call_id = 'C2'`).run();
    expect(agents()).toEqual({ L1: 'Ann', L2: 'Cy', L3: 'Bo' });
    db.prepare(`DELETE FROM calls WHERE call_id = 'C3'`).run();
    expect(agents().L2).toBeNull();
    expect(db.prepare('SELECT count(*) FROM calls').pluck().get()).toBe(4);
  });
});
