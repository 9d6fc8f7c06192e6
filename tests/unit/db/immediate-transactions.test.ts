import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('transactions of a CallRank connection begin IMMEDIATE', () => {
  it('a transaction that reads, then writes, keeps its write when another connection writes meanwhile', () => {
    const tmp = tempDir('cr-immediate-');
    cleanups.push(tmp.cleanup);
    const path = join(tmp.path, 'x.db');
    const db = openDatabase(path);
    cleanups.unshift(() => db.close());
    db.exec(`CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)`);
    db.prepare(`INSERT INTO t VALUES ('a', 1), ('b', 1)`).run();
    // Another writer on the same file (the re-score thread's connection), with a short wait.
    const other = new Database(path);
    cleanups.unshift(() => other.close());
    other.pragma('busy_timeout = 50');

    let otherError: unknown = null;
    const bump = db.transaction(() => {
      const v = db.prepare(`SELECT v FROM t WHERE k = 'a'`).pluck().get() as number;
      // The other connection tries to commit between this read and this write. Under a DEFERRED
      // BEGIN it would succeed and this write would then fail at once (SQLITE_BUSY_SNAPSHOT).
      try {
        other.prepare(`UPDATE t SET v = v + 10 WHERE k = 'b'`).run();
      } catch (err) {
        otherError = err;
      }
      db.prepare(`UPDATE t SET v = ? WHERE k = 'a'`).run(v + 1);
    });
    expect(() => bump()).not.toThrow();
    expect(String(otherError)).toMatch(/database is locked/);
    expect(db.prepare(`SELECT k, v FROM t ORDER BY k`).all()).toEqual([
      { k: 'a', v: 2 },
      { k: 'b', v: 1 },
    ]);
    // Once the lock is free, the other writer goes through.
    other.prepare(`UPDATE t SET v = v + 10 WHERE k = 'b'`).run();
    expect(db.prepare(`SELECT v FROM t WHERE k = 'b'`).pluck().get()).toBe(11);
  });

  it('nested transactions still commit and roll back as one', () => {
    const tmp = tempDir('cr-immediate-');
    cleanups.push(tmp.cleanup);
    const db = openDatabase(join(tmp.path, 'x.db'));
    cleanups.unshift(() => db.close());
    db.exec(`CREATE TABLE t (v INTEGER NOT NULL)`);
    const insert = db.prepare(`INSERT INTO t VALUES (?)`);
    const inner = db.transaction((v: number) => insert.run(v));
    db.transaction(() => {
      inner(1);
      inner(2);
    })();
    expect(() =>
      db.transaction(() => {
        inner(3);
        throw new Error('stop');
      })(),
    ).toThrow('stop');
    expect(db.prepare(`SELECT v FROM t ORDER BY v`).pluck().all()).toEqual([1, 2]);
  });
});
