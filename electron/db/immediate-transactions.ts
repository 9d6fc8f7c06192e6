import type Database from 'better-sqlite3';

/**
 * Makes `db.transaction(fn)()` begin IMMEDIATE: it takes the write lock at BEGIN and waits for it
 * (busy_timeout) when another connection holds it. Two connections write the same file now (the
 * serving thread and the re-score thread), and a DEFERRED transaction that reads before it writes
 * fails at once (SQLITE_BUSY_SNAPSHOT, "database is locked", no waiting) when the other commits in
 * between: a save of Settings or a "mark called" during a re-score did exactly that.
 * `.deferred()` stays available for a transaction that only reads.
 */
export function beginImmediateByDefault(db: Database.Database): void {
  const transaction = db.transaction.bind(db);
  db.transaction = <F extends Parameters<Database.Database['transaction']>[0]>(fn: F): Database.Transaction<F> => {
    const t = transaction(fn);
    return Object.assign((...params: Parameters<typeof t.immediate>) => t.immediate(...params), {
      default: t.immediate,
      deferred: t.deferred,
      immediate: t.immediate,
      exclusive: t.exclusive,
    });
  };
}
