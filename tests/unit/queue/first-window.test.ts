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
  it('answers the full order from SQL, ties past the distinct scores broken by rowid as the loaded queue does', () => {
    const db = tiedQueue(2000);
    const full = new QueueView(db).window(rankQuery(0, 300));
    const first = firstWindow(db, 0, 300, Date.now(), activeBands(db, 'lead'));
    expect(first.total).toBe(full.total);
    expect(first.rows).toEqual(full.rows);
    expect(firstWindow(db, TOP, 50, Date.now(), activeBands(db, 'lead')).rows).toEqual(full.rows.slice(TOP, TOP + 50));
  });

  it('answers every first screen from SQL in the full order', () => {
    const db = tiedQueue(2000);
    const full = new QueueView(db).window(rankQuery(0, 300));
    const view = new QueueView(db);
    expect(view.firstScreen(rankQuery(0, 50))?.rows).toEqual(full.rows.slice(0, 50));
    expect(view.firstScreen(rankQuery(50, 50))?.rows).toEqual(full.rows.slice(50, 100));
    expect(view.firstScreen(rankQuery(80, 50))?.rows).toEqual(full.rows.slice(80, 130));
  });

  it('answers past the top rows when they are the whole queue', () => {
    const db = tiedQueue(150);
    const full = new QueueView(db).window(rankQuery(0, 200));
    const view = new QueueView(db);
    expect(view.firstScreen(rankQuery(100, 100))?.rows).toEqual(full.rows.slice(100, 200));
  });
});
