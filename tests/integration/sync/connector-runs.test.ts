import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/db/open';
import { pauseConnector, scheduleConnector } from '../../../electron/sync/connector-controls';
import { claimNextRun, enqueueRuns, finishConnectorRun, planScheduledRuns, releaseRuns } from '../../../electron/sync/connector-runs';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).reverse().forEach((c) => c()));

function db(): Db {
  const tmp = tempDir('cr-connector-runs-');
  const d = openDatabase(join(tmp.path, 'callrank.db'));
  cleanups.push(tmp.cleanup, () => d.close());
  return d;
}

const rows = (d: Db): unknown[] => d.prepare(`SELECT connector, action, trigger, state, due_ms FROM connector_runs ORDER BY run_id`).all();

describe('connector runs (stored rows)', () => {
  it('"Sync now" brings a waiting scheduled run forward instead of adding another; a CRM pushes before it pulls, one run at a time', () => {
    const d = db();
    const t0 = Date.UTC(2026, 11, 1, 9);
    scheduleConnector(d, 'hubspot', 30);
    planScheduledRuns(d, t0);
    expect(rows(d)).toEqual([
      { connector: 'hubspot', action: 'push', trigger: 'schedule', state: 'queued', due_ms: t0 },
      { connector: 'hubspot', action: 'pull', trigger: 'schedule', state: 'queued', due_ms: t0 },
    ]);
    // A schedule changed before the run: the waiting row moves with it, still one of each.
    d.prepare(`UPDATE sync_connectors SET last_started_at = ? WHERE connector = 'hubspot'`).run(new Date(t0).toISOString());
    planScheduledRuns(d, t0);
    expect(rows(d)).toHaveLength(2);
    expect((rows(d)[0] as { due_ms: number }).due_ms).toBe(t0 + 30 * 60_000);
    expect(enqueueRuns(d, 'hubspot', 'now', t0 + 1000)).toBe(0);
    expect(rows(d)).toEqual([
      { connector: 'hubspot', action: 'push', trigger: 'now', state: 'queued', due_ms: t0 + 1000 },
      { connector: 'hubspot', action: 'pull', trigger: 'now', state: 'queued', due_ms: t0 + 1000 },
    ]);

    expect(claimNextRun(d, 'me', 60_000, { nowMs: t0, scheduled: true })).toBeNull(); // not due yet
    const push = claimNextRun(d, 'me', 60_000, { nowMs: t0 + 1000, scheduled: true });
    expect(push?.action).toBe('push');
    // The pull waits for the push of the same connector.
    expect(claimNextRun(d, 'other', 60_000, { nowMs: t0 + 1000, scheduled: true })).toBeNull();
    finishConnectorRun(d, push?.run_id ?? 0, 'me', { error: null, summary: { counts: {} } });
    expect(claimNextRun(d, 'me', 60_000, { nowMs: t0 + 1000, scheduled: true })?.action).toBe('pull');
    // A clean stop puts the run back in the queue.
    releaseRuns(d, 'me');
    expect(claimNextRun(d, 'me', 60_000, { nowMs: t0 + 1000, scheduled: true })?.action).toBe('pull');
  });

  it('a paused connector is not run and keeps no scheduled run waiting; a core without schedules takes only runs asked for now', () => {
    const d = db();
    const t0 = Date.UTC(2026, 11, 1, 9);
    scheduleConnector(d, 'twilio', 15);
    planScheduledRuns(d, t0);
    expect(claimNextRun(d, 'me', 60_000, { nowMs: t0, scheduled: false })).toBeNull();
    pauseConnector(d, 'twilio', true);
    expect(claimNextRun(d, 'me', 60_000, { nowMs: t0, scheduled: true })).toBeNull();
    planScheduledRuns(d, t0);
    expect(rows(d)).toEqual([{ connector: 'twilio', action: 'sync', trigger: 'schedule', state: 'cancelled', due_ms: t0 }]);
    pauseConnector(d, 'twilio', false);
    enqueueRuns(d, 'twilio', 'now', t0);
    expect(claimNextRun(d, 'me', 60_000, { nowMs: t0, scheduled: false })).toMatchObject({ connector: 'twilio', trigger: 'now' });
  });
});
