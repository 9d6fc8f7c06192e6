import type Database from 'better-sqlite3';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Prepares each SQL text once per connection: compiling a statement costs more than running it on hot paths. */
export function stmt(db: Database.Database, sql: string): Database.Statement {
  let forDb = cache.get(db);
  if (!forDb) {
    forDb = new Map();
    cache.set(db, forDb);
  }
  let s = forDb.get(sql);
  if (!s) {
    s = db.prepare(sql);
    forDb.set(sql, s);
  }
  return s;
}
