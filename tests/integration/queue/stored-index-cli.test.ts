import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QueueView } from '../../../electron/queue/queue-window';
import { indexStamp } from '../../../electron/queue/snapshot';
import { storedIndexMatches, storedIndexPath } from '../../../electron/queue/stored-index';
import { openDatabase } from '../../../electron/db/open';
import { runCli } from '../../fixtures/cli';
import { seededQueueDb, windowQuery } from '../../fixtures/queue-view';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** Whether the index beside the database is at its current data version. */
function indexIsCurrent(path: string): boolean {
  const db = openDatabase(path, { readonly: true });
  try {
    const stamp = indexStamp(db);
    return stamp !== null && storedIndexMatches(storedIndexPath(path), stamp);
  } finally {
    db.close();
  }
}

describe('the CLI keeps the queue index the app stored beside the database current', () => {
  it('after a command that changes leads, the index is current again and answers as a fresh build', () => {
    const { path, dir } = seededQueueDb(1500, cleanups, 'cr-qindex-cli-');
    const db = openDatabase(path);
    expect(new QueueView(db, { store: storedIndexPath(path) }).storeNow()).toBe(true);
    db.close();
    expect(indexIsCurrent(path)).toBe(true);

    // Leads added while the app is closed.
    const csv = join(dir, 'leads.csv');
    writeFileSync(csv, 'lead_id,first_name,last_name,phone_number\nNEW-1,Zed,Aaron,+14155550101\nNEW-2,Amy,Zorn,+14155550102\n');
    const r = runCli(['import', 'leads', csv, '--db', path]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');

    expect(indexIsCurrent(path)).toBe(true);
    const check = openDatabase(path, { readonly: true });
    try {
      const stored = new QueueView(check, { store: storedIndexPath(path) });
      expect(stored.loadStored()).toBe(true);
      const q = windowQuery({ sort: 'name', status: 'all', limit: 2000 });
      const got = stored.window(q);
      expect(got.total).toBe(1502);
      expect(got.rows).toEqual(new QueueView(check).window(q).rows);
    } finally {
      check.close();
    }
  });

  it('writes no index beside a database the app never opened', () => {
    const { path, dir } = seededQueueDb(200, cleanups, 'cr-qindex-cli-');
    const csv = join(dir, 'leads.csv');
    writeFileSync(csv, 'lead_id,first_name\nNEW-1,Zed\n');
    expect(runCli(['import', 'leads', csv, '--db', path]).code).toBe(0);
    expect(existsSync(storedIndexPath(path))).toBe(false);
  });
});
