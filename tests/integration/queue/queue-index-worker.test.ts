import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { QueueView } from '../../../electron/queue/queue-window';
import { workerQueueIndex, type QueueIndex } from '../../../electron/queue/queue-index-client';
import { markCalled } from '../../../electron/queue/lead-actions';
import { indexStamp } from '../../../electron/queue/snapshot';
import { storedIndexMatches, storedIndexPath } from '../../../electron/queue/stored-index';
import { everyQueryKind, seededQueueDb, windowQuery } from '../../fixtures/queue-view';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const seeded = (n: number): { path: string; dir: string } => seededQueueDb(n, cleanups, 'cr-qindex-');
const query = windowQuery;

describe('queue index in a worker thread', () => {
  it('answers every sort, filter and search as the in-process view does, and sees writes made by the serving connection', async () => {
    const { path } = seeded(2000);
    const db = openDatabase(path);
    let rebuilt = 0;
    let onRebuilt = (): void => {};
    const rebuiltOnce = new Promise<void>((r) => (onRebuilt = r));
    const index: QueueIndex = workerQueueIndex(db, db.name, () => {
      rebuilt++;
      onRebuilt();
    });
    cleanups.unshift(async () => {
      await index.close();
      db.close();
    });
    const local = new QueueView(db);
    for (const q of everyQueryKind()) {
      const [viaWorker, inProcess] = [await index.windowAsync(q), local.window(q)];
      expect(viaWorker.total, JSON.stringify(q)).toBe(inProcess.total);
      expect(viaWorker.rows, JSON.stringify(q)).toEqual(inProcess.rows);
    }
    expect((await index.facets()).campaigns).toContain('Referral');

    // A lead called through the serving connection: while the worker rebuilds, it answers at once
    // in the previous order with the row's new values; once rebuilt it says so, and the lead has
    // moved down. The query is sent before the change notice so it reaches the worker while the
    // rebuild has not started (a rebuild takes steps, each after a turn of the worker's event
    // loop): the answer comes from the previous index on any machine, however loaded.
    const top = (await index.windowAsync(query({ limit: 1 }))).rows[0];
    expect(top).toBeDefined();
    expect(rebuilt).toBe(0);
    expect(markCalled(db, top?.lead_id as string)).toBe(true);
    const asked = index.windowAsync(query({ limit: 1 }));
    index.changed();
    const meanwhile = (await asked).rows[0];
    expect(rebuilt).toBe(0);
    expect(meanwhile?.lead_id).toBe(top?.lead_id);
    expect(meanwhile?.attempts).toBe((top?.attempts ?? 0) + 1);
    await rebuiltOnce;
    const after = await index.windowAsync(query({ limit: 2000 }));
    const moved = after.rows.find((r) => r.lead_id === top?.lead_id);
    expect(moved?.attempts).toBe((top?.attempts ?? 0) + 1);
    expect(after.rows[0]?.lead_id).not.toBe(top?.lead_id);
    expect(after.rows).toEqual(new QueueView(db).window(query({ limit: 2000 })).rows);
  });

  it('stores the index when closed right after a change, so the next start needs no build', async () => {
    const { path } = seeded(2000);
    const db = openDatabase(path);
    cleanups.unshift(() => void db.close());
    const index = workerQueueIndex(db, db.name);
    const first = (await index.windowAsync(query({ sort: 'score', desc: true, limit: 1 }))).rows[0];
    // A change, and the app quits before the index is asked for again (or its periodic store).
    expect(markCalled(db, first?.lead_id as string)).toBe(true);
    const stamp = indexStamp(db);
    expect(stamp).not.toBeNull();
    await index.close();
    expect(storedIndexMatches(storedIndexPath(path), stamp as NonNullable<typeof stamp>)).toBe(true);

    // The next start answers from it: the same rows as a fresh build, the call counted.
    const next = workerQueueIndex(db, db.name);
    cleanups.unshift(() => next.close());
    const again = await next.windowAsync(query({ limit: 2000 }));
    expect(again.rows).toEqual(new QueueView(db).window(query({ limit: 2000 })).rows);
    expect(again.rows.find((r) => r.lead_id === first?.lead_id)?.attempts).toBe((first?.attempts ?? 0) + 1);
  });

  it('answers in the previous order while a change is rebuilt, then tells, unless the answer needs text it lacks', async () => {
    const { path } = seeded(3000);
    const db = openDatabase(path);
    cleanups.unshift(() => void db.close());
    let rebuilt = 0;
    let onRebuilt = (): void => {};
    const rebuiltOnce = new Promise<void>((r) => (onRebuilt = r));
    const view = new QueueView(db, {
      onRebuilt: () => {
        rebuilt++;
        onRebuilt();
      },
    });
    const before = view.window(query({ limit: 3 })); // built at once
    const top = before.rows[0];
    expect(markCalled(db, top?.lead_id as string)).toBe(true);

    const meanwhile = await view.windowAsync(query({ limit: 3 }));
    expect(rebuilt).toBe(0);
    expect(meanwhile.rows.map((r) => r.lead_id)).toEqual(before.rows.map((r) => r.lead_id));
    expect(meanwhile.rows[0]?.attempts).toBe((top?.attempts ?? 0) + 1);
    // Names were never loaded for the old snapshot: a name sort waits for the new one.
    const byName = await view.windowAsync(query({ sort: 'name' }));
    expect(byName.rows).toEqual(new QueueView(db).window(query({ sort: 'name' })).rows);

    await rebuiltOnce;
    expect(rebuilt).toBe(1);
    const after = await view.windowAsync(query({ limit: 3000 }));
    expect(after.rows[0]?.lead_id).not.toBe(top?.lead_id);
    expect(after.rows).toEqual(new QueueView(db).window(query({ limit: 3000 })).rows);
  });

  it('answers in the serving thread when the worker cannot open the database', async () => {
    const { path, dir } = seeded(300);
    const notADatabase = join(dir, 'not-a-db.db');
    writeFileSync(notADatabase, 'this is a text file, not SQLite\n'.repeat(200));
    const db = openDatabase(path);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (msg: string) => warnings.push(msg);
    const index = workerQueueIndex(db, notADatabase);
    cleanups.unshift(async () => {
      console.warn = warn;
      await index.close();
      db.close();
    });
    const got = await index.windowAsync(query({ sort: 'score', desc: true }));
    expect(got.rows).toEqual(new QueueView(db).window(query({ sort: 'score', desc: true })).rows);
    expect(got.total).toBeGreaterThan(0);
    expect(warnings.join('\n')).toMatch(/queue index worker stopped \(.*not a database/);
  });
});
