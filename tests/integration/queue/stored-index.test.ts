import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/db/open';
import { QueueView, type WindowQuery } from '../../../electron/queue/queue-window';
import { storedIndexPath } from '../../../electron/queue/stored-index';
import { workerQueueIndex } from '../../../electron/queue/queue-index-client';
import { markCalled } from '../../../electron/queue/lead-actions';
import { seedBulkQueue } from '../../fixtures/seed-ui-bulk';
import { everyQueryKind, seededQueueDb, windowQuery } from '../../fixtures/queue-view';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const query = (q: Partial<WindowQuery>): WindowQuery => windowQuery({ limit: 60, ...q });

const QUERIES = everyQueryKind(60);

const seeded = (n: number): { path: string; dir: string } => seededQueueDb(n, cleanups, 'cr-stored-');

function open(path: string): Db {
  const db = openDatabase(path);
  cleanups.unshift(() => void db.close());
  return db;
}

/** Asks every query of a view that stores its index, then waits until the file is written (or `done`). */
async function storeIndex(db: Db, store: string, done = (): boolean => existsSync(store)): Promise<void> {
  const view = new QueueView(db, { store });
  for (const q of QUERIES) await view.windowAsync(q);
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('the index was not stored within 20 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What a view answers, next to what one built from SQL alone (no store) answers. */
async function expectSameAsFresh(db: Db, view: QueueView): Promise<void> {
  const fresh = new QueueView(db);
  for (const q of QUERIES) {
    const [got, want] = [await view.windowAsync(q), fresh.window(q)];
    expect(got.total, JSON.stringify(q)).toBe(want.total);
    expect(got.rows, JSON.stringify(q)).toEqual(want.rows);
  }
}

function quietWarnings(): string[] {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (msg: string) => warnings.push(msg);
  cleanups.push(() => {
    console.warn = warn;
  });
  return warnings;
}

describe('the queue index stored between runs', () => {
  it('is loaded at the next start instead of rebuilt, and answers exactly as a fresh build does', async () => {
    const { path } = seeded(3000);
    const store = storedIndexPath(path);
    await storeIndex(open(path), store);

    // The next run: a new connection, as after a restart.
    const db = open(path);
    const view = new QueueView(db, { store });
    expect(view.loadStored()).toBe(true);
    await expectSameAsFresh(db, view);

    // The worker thread takes it too, and says so before any query.
    const index = workerQueueIndex(db);
    cleanups.unshift(() => index.close());
    const viaWorker = await index.windowAsync(query({ sort: 'name' }));
    expect(viaWorker.rows).toEqual(new QueueView(db).window(query({ sort: 'name' })).rows);
  });

  it('does not hold the first screen until the worker has loaded it: that comes from SQL in the serving thread', async () => {
    const { path } = seeded(3000);
    await storeIndex(open(path), storedIndexPath(path));
    const db = open(path);
    const index = workerQueueIndex(db);
    cleanups.unshift(() => index.close());
    // An answer from the worker is a message, which cannot arrive before the event loop turns once;
    // one from this thread is there before it does.
    const turned = new Promise<'after a turn of the event loop'>((r) => setImmediate(() => r('after a turn of the event loop')));
    const first = index.windowAsync(query({ limit: 50 }));
    expect(await Promise.race([first.then(() => 'at once' as const), turned])).toBe('at once');
    expect((await first).rows).toEqual(new QueueView(db).window(query({ limit: 50 })).rows);
    // Any other window waits for the worker, which has the stored index.
    const byName = await index.windowAsync(query({ sort: 'name' }));
    expect(byName.rows).toEqual(new QueueView(db).window(query({ sort: 'name' })).rows);
  });

  it('builds its first-click orders once the page asks beyond its first screen, not while that page is drawn', async () => {
    const { path } = seeded(3000);
    await storeIndex(open(path), storedIndexPath(path));
    const view = new QueueView(open(path), { store: storedIndexPath(path) });
    expect(view.loadStored()).toBe(true);
    // The page's first screen, then a quiet spell while the browser draws it (the page's own
    // requests come after its first frame): no order is built meanwhile.
    await view.windowAsync(query({ limit: 50 }));
    await new Promise((r) => setTimeout(r, 500));
    expect(view.preparedSorts()).toEqual([]);
    // Its code asks for the filter values first: the orders follow.
    await view.facets();
    const firstClicks = ['score:true', 'probability:true', 'attempts:true', 'last_called_at:true', 'age:false', 'name:false', 'campaign:false', 'agent:false'];
    const deadline = Date.now() + 10_000;
    while (view.preparedSorts().length < firstClicks.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(view.preparedSorts().sort()).toEqual(firstClicks.sort());
  });

  it('is not used once the data changed, nor for another database recreated at the same path', async () => {
    const { path } = seeded(2000);
    const store = storedIndexPath(path);
    await storeIndex(open(path), store);
    const db = open(path);
    const top = new QueueView(db).window(query({ limit: 1 })).rows[0];
    expect(markCalled(db, top?.lead_id as string)).toBe(true);

    const view = new QueueView(db, { store });
    expect(view.loadStored()).toBe(false);
    const after = await view.windowAsync(query({ limit: 2000 }));
    expect(after.rows.find((r) => r.lead_id === top?.lead_id)?.attempts).toBe((top?.attempts ?? 0) + 1);
    await expectSameAsFresh(db, view);

    // The same seed again: the same leads, rowids and number of changes, but another database.
    const before = readFileSync(store);
    db.close();
    seedBulkQueue(path, 2000);
    writeFileSync(store, before);
    const recreated = open(path);
    expect(new QueueView(recreated, { store }).loadStored()).toBe(false);
  });

  it('reports a damaged, truncated or foreign file by name, rebuilds, and answers right', async () => {
    const { path, dir } = seeded(1500);
    const store = storedIndexPath(path);
    await storeIndex(open(path), store);
    const good = readFileSync(store);
    const db = open(path);
    const warnings = quietWarnings();

    const flipped = Buffer.from(good);
    const at = flipped.length - 5000;
    flipped[at] = (flipped[at] as number) ^ 0xff;
    const truncated = good.subarray(0, Math.floor(good.length / 2));
    const foreign = Buffer.from('this is a text file, not a queue index\n'.repeat(50));
    const extended = Buffer.concat([good, Buffer.alloc(8)]);
    const olderFormat = Buffer.from(good.toString('latin1').replace('"format":3,', '"format":2,'), 'latin1');
    expect(olderFormat.equals(good)).toBe(false);
    for (const [name, bytes, why] of [
      ['one flipped byte', flipped, 'is damaged'],
      ['truncated', truncated, 'is damaged'],
      ['longer than its parts', extended, 'is damaged'],
      ['a text file', foreign, 'is damaged'],
      ['stored in an older format', olderFormat, 'was stored by another version of CallRank'],
    ] as const) {
      writeFileSync(store, bytes);
      const view = new QueueView(db, { store });
      const before = warnings.length;
      expect(view.loadStored(), name).toBe(false);
      expect(warnings.at(-1), name).toBe(`queue index at ${store} ${why}: rebuilding it from the database`);
      await expectSameAsFresh(db, view);
      // Reported once, not again by each request that came while the index was rebuilt.
      expect(warnings.length, name).toBe(before + 1);
    }

    // A store that cannot be written (its folder is a file) costs only the next start's build.
    const blocked = join(dir, 'not-a-folder');
    writeFileSync(blocked, 'x');
    const notStored = (): boolean => warnings.some((w) => /queue index not stored at .*not-a-folder/.test(w));
    await storeIndex(db, join(blocked, 'q.db.queue-index'), notStored);
    expect(notStored()).toBe(true);
  }, 60_000);
});
