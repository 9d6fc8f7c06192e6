import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { analyseAndStoreCall } from '../../../electron/analysis/analyse-and-store';
import { createCoreContext } from '../../../electron/core/context';
import { rescoreEvents, saveRubricAndRescore } from '../../../electron/calibration/save-rubric';
import { startCore } from '../../../electron/core/start-core';
import { JsonFileSettingsStore } from '../../../electron/settings/settings-store';
import type { Db } from '../../../electron/db/open';
import { staleScoreKinds, workerRescorer, type Rescorer } from '../../../electron/scoring/background-rescore';
import { activeRubric, saveRubricVersion } from '../../../electron/scoring/rubric-store';
import { rescoreAll } from '../../../electron/scoring/rescore-all';
import { EnvSecretStore } from '../../../electron/secrets/env-secret-store';
import type { ApiEvent } from '../../../shared/api/contract';
import type { Rubric } from '../../../shared/scoring/rubric';
import { pricingAndBookingCall, wrongNumberCall } from '../../unit/scoring/fixtures/example-calls';
import { insertCall, insertLead, tempDb } from './test-db';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** More calls than one write chunk (2,000), so a re-score reports progress before it ends. */
const CALLS = 4_500;

/** A real database of CALLS analysed and scored calls: two analysed, the rest copies of their features. */
function seeded(): { db: Db; path: string } {
  const t = tempDb();
  cleanups.push(t.cleanup);
  const { db } = t;
  insertLead(db, 'L-good', '+14155550123');
  insertLead(db, 'L-wrong', '+12125550188');
  insertCall(db, 'C-good', 'L-good', pricingAndBookingCall());
  insertCall(db, 'C-wrong', 'L-wrong', wrongNumberCall());
  for (const id of ['C-good', 'C-wrong']) analyseAndStoreCall(db, id);
  db.exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${CALLS / 2 - 1})
    INSERT INTO calls (call_id, lead_id, features, created_at, updated_at)
      SELECT c.call_id || '-' || n.i, c.lead_id, c.features, c.created_at, c.updated_at FROM calls c, n;`);
  // Scored as a re-score does it (the per-call path takes ms a call; this is the bulk one).
  expect(rescoreAll(db).calls).toBe(CALLS);
  return { db, path: t.path };
}

/** The active QA rubric with its first criterion's weight doubled: every call's QA score changes. */
function heavierQa(db: Db, by = 2): Rubric {
  const qa = activeRubric(db, 'qa')?.rubric as Rubric;
  return { ...qa, criteria: qa.criteria.map((c, i) => (i === 0 ? { ...c, weight: c.weight * by + 1 } : c)) };
}

const scoredWith = (db: Db, kind: string, rubricId: number): number =>
  db.prepare('SELECT count(*) FROM scores WHERE kind = ? AND rubric_id = ?').pluck().get(kind, rubricId) as number;

function nextEvent(events: ApiEvent[], ctx: { events: { on(e: 'event', l: (e: ApiEvent) => void): void } }, test: (e: ApiEvent) => boolean): Promise<ApiEvent> {
  return new Promise((resolve) => {
    const found = events.find(test);
    if (found) return resolve(found);
    ctx.events.on('event', (e) => test(e) && resolve(e));
  });
}

/**
 * Takes the database's write lock on a connection of its own (waiting out a chunk being written),
 * so the re-score thread can commit nothing more until release(): what the test then reads or
 * does happens at a known point of the re-score, however the two threads are scheduled.
 */
function holdWrites(path: string): { release(): void } {
  const conn = new Database(path, { timeout: 30_000 });
  conn.exec('BEGIN IMMEDIATE');
  return {
    release() {
      conn.exec('COMMIT');
      conn.close();
    },
  };
}

/** A core context over `db` whose rubric saves re-score in a worker thread, as startCore wires it. */
function withWorkerRescorer(db: Db): { ctx: ReturnType<typeof createCoreContext>; rescorer: Rescorer } {
  const ctx = createCoreContext(db, { rescorer: (events) => workerRescorer(db, rescoreEvents(events)) });
  const rescorer = ctx.rescorer;
  cleanups.push(() => rescorer.close());
  return { ctx, rescorer };
}

describe('re-scoring after a rubric is saved, in a worker thread', () => {
  it('returns at once, reports progress while this thread stays free, and ends with every call on the new rubric', async () => {
    const { db } = seeded();
    const { ctx, rescorer } = withWorkerRescorer(db);
    const events: ApiEvent[] = [];
    ctx.events.on('event', (e) => events.push(e));
    const leadBefore = db.prepare(`SELECT call_id, rubric_id, score, scored_at FROM scores WHERE kind = 'lead' ORDER BY call_id`).all();

    // The write lock is taken the moment the save returns, before the re-score thread (told by a
    // message it has yet to receive, then reading every call) can commit its chunks: what this
    // thread reads meanwhile is mid-run however fast the re-score is (a weight edit re-totals
    // stored codes faster than its first progress event can come back).
    const saved = saveRubricAndRescore(ctx, heavierQa(db), 'test');
    const hold = holdWrites(db.name);
    expect(saved).toMatchObject({ calls: null, background: true });
    expect(events[0]).toEqual({ type: 'data-changed', tables: ['rubrics'] });
    expect(scoredWith(db, 'qa', saved.stored.rubricId)).toBeLessThan(CALLS);
    hold.release();

    // Progress comes by chunk: the first report is of a part, not the whole.
    const first = await nextEvent(events, ctx, (e) => e.type === 'rescore');
    expect(first).toMatchObject({ type: 'rescore', kinds: ['qa'], state: 'running', total: CALLS });
    expect(first.type === 'rescore' && first.done < CALLS).toBe(true);

    await rescorer.idle();
    expect(scoredWith(db, 'qa', saved.stored.rubricId)).toBe(CALLS);
    expect(staleScoreKinds(db)).toEqual([]);
    // Only the kind that was saved: lead scores were not rewritten.
    expect(db.prepare(`SELECT call_id, rubric_id, score, scored_at FROM scores WHERE kind = 'lead' ORDER BY call_id`).all()).toEqual(leadBefore);
    const rescore = events.filter((e): e is Extract<ApiEvent, { type: 'rescore' }> => e.type === 'rescore');
    expect(rescore.map((e) => e.done)).toEqual([...rescore.map((e) => e.done)].sort((a, b) => a - b));
    expect(rescore.at(-1)).toMatchObject({ state: 'done', done: CALLS, total: CALLS });
    expect(events.at(-1)).toEqual({ type: 'data-changed', tables: ['scores', 'leads'] });
  });

  it('a save during a re-score runs again after it, so the last saved rubric is the one every call ends on', async () => {
    const { db } = seeded();
    const { ctx, rescorer } = withWorkerRescorer(db);
    saveRubricAndRescore(ctx, heavierQa(db, 2), 'test');
    const second = saveRubricAndRescore(ctx, heavierQa(db, 3), 'test');
    await rescorer.idle();
    expect(scoredWith(db, 'qa', second.stored.rubricId)).toBe(CALLS);
  });

  it('a re-score cut short keeps whole chunks, and the next start finishes it', async () => {
    const { db, path } = seeded();
    const { ctx, rescorer } = withWorkerRescorer(db);
    // Quit while it runs: the thread is held off the write lock from the moment the save returns
    // and told to stop while held, so at most the chunk it is waiting to write lands.
    const saved = saveRubricAndRescore(ctx, heavierQa(db), 'test');
    const hold = holdWrites(db.name);
    const closing = rescorer.close();
    hold.release();
    await closing;
    const written = scoredWith(db, 'qa', saved.stored.rubricId);
    expect(written).toBeLessThan(CALLS);
    expect(written % 2000).toBe(0);
    expect(staleScoreKinds(db)).toEqual(['qa']);

    const core = startCore({
      dbPath: path,
      settings: {
        store: new JsonFileSettingsStore(join(path, '..', 'settings.json')),
        secrets: new EnvSecretStore({}),
        secretStorage: 'none (test)',
      },
    });
    cleanups.push(() => core.close());
    await nextEvent([], core.ctx, (e) => e.type === 'rescore' && e.state === 'done');
    expect(scoredWith(core.db, 'qa', saved.stored.rubricId)).toBe(CALLS);
    expect(staleScoreKinds(core.db)).toEqual([]);
  });

  it('a version saved without a re-score (an older app, a crash before it started) is found by kind', () => {
    const { db } = seeded();
    expect(staleScoreKinds(db)).toEqual([]);
    saveRubricVersion(db, { ...heavierQa(db), name: 'QA v2' }, 'test');
    expect(staleScoreKinds(db)).toEqual(['qa']);
  });

  it('reports a re-score that cannot run, by its reason, and keeps the scores it had', async () => {
    const { db } = seeded();
    const failures: string[] = [];
    // The database file itself as a folder: the thread cannot open a connection.
    const rescorer = workerRescorer(db, { failed: (f) => failures.push(f.message) }, join(db.name, 'x.db'));
    cleanups.push(() => rescorer.close());
    const before = db.prepare('SELECT count(*) FROM scores').pluck().get();
    rescorer.request(['qa']);
    await rescorer.idle();
    expect(failures).toHaveLength(1);
    // The reason names the path it could not use.
    expect(failures[0]).toContain(db.name);
    expect(db.prepare('SELECT count(*) FROM scores').pluck().get()).toBe(before);
  });
});
