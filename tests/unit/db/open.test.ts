import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { DatabaseTooNewError, migrate } from '../../../electron/db/migrate';
import { migrations } from '../../../electron/db/migrations/index';
import { tempDir } from '../../fixtures/temp';

const temps: { cleanup(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));
const dbPath = (): string => {
  const t = tempDir('cr-open-');
  temps.push(t);
  return join(t.path, 'sub', 'callrank.db');
};

describe('openDatabase', () => {
  it('creates the folder, turns on WAL and foreign keys, and migrates to the newest version', () => {
    const db = openDatabase(dbPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    db.close();
  });

  it('refuses a database written by newer code and leaves it untouched', () => {
    const path = dbPath();
    openDatabase(path).close();
    const raw = new Database(path);
    const future = (migrations.at(-1)?.version ?? 0) + 5;
    raw.pragma(`user_version = ${future}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(path)).toThrow(/newer CallRank/);
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(future);
    check.close();
  });

  it('rolls a failing migration back whole and stays at the last good version', () => {
    const path = dbPath();
    openDatabase(path).close();
    const db = new Database(path);
    const broken = [
      ...migrations,
      {
        version: 9999,
        name: 'broken',
        up(d: Database.Database) {
          d.exec('CREATE TABLE half_done (x INTEGER)');
          d.exec('THIS IS NOT SQL');
        },
      },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    db.close();
  });

  it('rejects migrations listed out of order', () => {
    const db = new Database(':memory:');
    const [a, b] = migrations;
    expect(() => migrate(db, [b!, a!])).toThrow(/out of order/);
    db.close();
  });
});
