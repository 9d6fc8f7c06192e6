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

  it('maps the file for reads, and a reader sees what a writer added after the file grew', () => {
    const path = dbPath();
    const writer = openDatabase(path);
    const reader = openDatabase(path, { readonly: true });
    expect(reader.pragma('mmap_size', { simple: true })).toBe(256 * 1024 * 1024);
    const sizeBefore = reader.prepare('SELECT page_count FROM pragma_page_count()').pluck().get() as number;
    writer.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)');
    const add = writer.prepare('INSERT INTO filler (body) VALUES (?)');
    writer.transaction(() => {
      for (let i = 0; i < 5000; i++) add.run(`row ${i} ${'x'.repeat(200)}`);
    })();
    // Into the file itself, past the end the reader first saw: the mapping has to follow.
    writer.pragma('wal_checkpoint(TRUNCATE)');
    const sizeAfter = reader.prepare('SELECT page_count FROM pragma_page_count()').pluck().get() as number;
    expect(sizeAfter).toBeGreaterThan(sizeBefore + 100);
    expect(reader.prepare('SELECT count(*), max(id) FROM filler').raw().get()).toEqual([5000, 5000]);
    expect(reader.prepare('SELECT body FROM filler WHERE id = 4321').pluck().get()).toBe(`row 4320 ${'x'.repeat(200)}`);
    reader.close();
    writer.close();
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
