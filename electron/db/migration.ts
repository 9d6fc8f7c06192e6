import type Database from 'better-sqlite3';

/** One numbered schema step. Each runs in its own transaction; there are no down-migrations. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
