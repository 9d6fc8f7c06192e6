import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const match = (db: ReturnType<typeof openDatabase>, q: string): string[] =>
  (
    db
      .prepare('SELECT c.call_id FROM transcript_fts f JOIN calls c ON c.rowid = f.rowid WHERE transcript_fts MATCH ? ORDER BY c.call_id')
      .all(q) as { call_id: string }[]
  ).map((r) => r.call_id);

describe('migration 0040 transcript search', () => {
  it('indexes transcripts written before it and keeps in step with inserts, updates and deletes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cr-m40-'));
    dirs.push(dir);
    const path = join(dir, 'x.db');
    const now = new Date().toISOString();
    const before = openDatabase(path, { targetVersion: 3 });
    before
      .prepare(`INSERT INTO calls (call_id, transcript_text, created_at, updated_at) VALUES ('C1', 'customer: what is your pricing?', ?, ?)`)
      .run(now, now);
    before.close();

    const db = openDatabase(path, { targetVersion: 40 });
    expect(db.pragma('user_version', { simple: true })).toBe(40);
    // Backfilled, and porter stemming finds "pricing" from "price".
    expect(match(db, 'price')).toEqual(['C1']);

    db.prepare(`INSERT INTO calls (call_id, transcript_text, created_at, updated_at) VALUES ('C2', 'we compared you with a competitor', ?, ?)`).run(now, now);
    db.prepare(`INSERT INTO calls (call_id, created_at, updated_at) VALUES ('C3', ?, ?)`).run(now, now);
    expect(match(db, 'competitor')).toEqual(['C2']);

    db.prepare(`UPDATE calls SET transcript_text = 'the competitor was cheaper' WHERE call_id = 'C3'`).run();
    db.prepare(`UPDATE calls SET transcript_text = 'no mention here' WHERE call_id = 'C2'`).run();
    expect(match(db, 'competitor')).toEqual(['C3']);

    db.prepare(`DELETE FROM calls WHERE call_id = 'C3'`).run();
    expect(match(db, 'competitor')).toEqual([]);
    expect(db.prepare(`INSERT INTO transcript_fts(transcript_fts) VALUES ('integrity-check')`).run().changes).toBeGreaterThanOrEqual(0);
    db.close();
  });
});
