import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/db/open';
import { firstWindow } from '../../../electron/queue/first-window';
import { QueueView } from '../../../electron/queue/queue-window';
import { activeBands } from '../../../electron/scoring/active-bands';
import { seededQueueDb, windowQuery } from '../../fixtures/queue-view';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const TOP = 100;

/**
 * A real queue whose top TOP leads have distinct scores and whose other leads all tie: the same
 * score, no call yet, no callback, in ten days ago (speed-to-lead has decayed to nothing).
 */
function tiedQueue(leads: number): Db {
  const { path } = seededQueueDb(leads, cleanups, 'cr-first-');
  const db = openDatabase(path);
  cleanups.unshift(() => db.close());
  const old = new Date(Date.now() - 10 * 86_400_000).toISOString();
  db.prepare(`UPDATE leads SET lead_score = 10, call_count = 0, attributes = '{}', created_at = ?`).run(old);
  db.prepare(`UPDATE leads SET lead_score = 50 + rowid * 0.4 WHERE rowid <= ?`).run(TOP);
  return db;
}

const rankQuery = (offset: number, limit: number) => windowQuery({ offset, limit });

describe('firstWindow', () => {
  it('answers the rows it can prove when the leads past them tie, in the full order', () => {
    const db = tiedQueue(2000);
    const full = new QueueView(db).window(rankQuery(0, 300));
    const first = firstWindow(db, 0, 300, Date.now(), activeBands(db, 'lead'));
    // Past the top 100 every lead ties with every left-out one: their order is not proven by SQL.
    expect(first?.rows.length).toBe(TOP);
    expect(first?.total).toBe(full.total);
    expect(first?.rows).toEqual(full.rows.slice(0, TOP));
    expect(firstWindow(db, TOP, 50, Date.now(), activeBands(db, 'lead'))).toBeNull();
  });

  it('answers a first screen inside the proven rows from SQL and leaves one past them to the full order', () => {
    const db = tiedQueue(2000);
    const full = new QueueView(db).window(rankQuery(0, 300));
    const view = new QueueView(db);
    expect(view.firstScreen(rankQuery(0, 50))?.rows).toEqual(full.rows.slice(0, 50));
    expect(view.firstScreen(rankQuery(50, 50))?.rows).toEqual(full.rows.slice(50, 100));
    expect(view.firstScreen(rankQuery(80, 50))).toBeNull();
  });

  it('answers past the proven rows when they are the whole queue', () => {
    const db = tiedQueue(150);
    const full = new QueueView(db).window(rankQuery(0, 200));
    const view = new QueueView(db);
    expect(view.firstScreen(rankQuery(100, 100))?.rows).toEqual(full.rows.slice(100, 200));
  });
});
