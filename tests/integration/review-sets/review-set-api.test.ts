import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiOutput } from '../../../shared/api/contract';
import { createApiHandlers } from '../../../electron/core/api-handlers';
import { ApiError, dispatch } from '../../../electron/core/dispatch';
import { createCoreContext } from '../../../electron/core/context';
import { saveReview } from '../../../electron/review/manual-reviews';
import { openDatabase, type Db } from '../../../electron/db/open';
import { seedUiDatabase } from '../../fixtures/seed-ui';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function office(): { db: Db; dir: string; call: (name: string, input: unknown) => Promise<unknown> } {
  const tmp = tempDir('cr-review-set-api-');
  const dbPath = join(tmp.path, 'office.db');
  seedUiDatabase(dbPath, 12);
  const db = openDatabase(dbPath);
  cleanups.push(() => db.close(), tmp.cleanup);
  const ctx = createCoreContext(db);
  const api = createApiHandlers(ctx);
  return { db, dir: tmp.path, call: (name, input) => dispatch(api, name, input) };
}

/** Every review as it stands, so "changes nothing" is checked row by row, not by a count alone. */
const reviews = (db: Db): unknown[] => db.prepare('SELECT * FROM manual_reviews ORDER BY review_uuid').all();

async function refusal(call: () => Promise<unknown>): Promise<ApiError> {
  const err = await call().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('review sets through the typed API (what the app calls)', () => {
  it('exports chosen calls as one file, and merges a reviewed copy back once', async () => {
    const { db, dir, call } = office();
    const unreviewed = db
      .prepare('SELECT call_id FROM calls WHERE call_id NOT IN (SELECT call_id FROM manual_reviews) ORDER BY call_id LIMIT 3')
      .pluck()
      .all() as string[];
    const out = (await call('exportReviewSet', { callIds: unreviewed })) as ApiOutput<'exportReviewSet'>;
    expect(out.calls).toBe(3);
    expect(out.audio).toBe(3);
    expect(out.fileName).toMatch(/^callrank-review-set-\d{4}-\d\d-\d\d-3-calls\.crset$/);

    // The floor: the downloaded file opened as a database, one call reviewed in it.
    const setPath = join(dir, out.fileName);
    writeFileSync(setPath, Buffer.from(out.base64, 'base64'));
    const floor = openDatabase(setPath);
    const made = saveReview(floor, { callId: unreviewed[0] as string, reviewer: 'floor-lead', criterionScores: {}, notes: 'from the floor' });
    floor.close();
    const upload = { fileName: 'reviewed.crset', base64: readFileSync(setPath).toString('base64') };

    const before = reviews(db).length;
    const first = (await call('mergeReviewSet', upload)) as ApiOutput<'mergeReviewSet'>;
    expect(first).toMatchObject({ added: 1, updated: 0, unchanged: 0, conflicts: [], skipped: [] });
    expect(first.calls.sort()).toEqual([...unreviewed].sort());
    const row = db.prepare('SELECT reviewer, notes FROM manual_reviews WHERE review_uuid = ?').get(made.reviewUuid);
    expect(row).toEqual({ reviewer: 'floor-lead', notes: 'from the floor' });

    const again = (await call('mergeReviewSet', upload)) as ApiOutput<'mergeReviewSet'>;
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    expect(reviews(db).length).toBe(before + 1);
  });

  it('refuses an unknown call on export', async () => {
    const { call } = office();
    const err = await refusal(() => call('exportReviewSet', { callIds: ['C0001-1', 'nope'] }));
    expect(err.status).toBe(400);
    expect(err.message).toBe('no such call: nope');
  });

  it('refuses bad files with a reason naming what is wrong, and changes nothing', async () => {
    const { db, dir, call } = office();
    const callIds = db.prepare('SELECT call_id FROM calls ORDER BY call_id LIMIT 2').pluck().all() as string[];
    const good = Buffer.from(((await call('exportReviewSet', { callIds })) as ApiOutput<'exportReviewSet'>).base64, 'base64');
    const variant = (name: string, edit: (d: Db) => void): Buffer => {
      const path = join(dir, name);
      writeFileSync(path, good);
      const d = openDatabase(path);
      edit(d);
      d.close();
      return readFileSync(path);
    };
    // Same length, its last pages garbage (a bad copy, a disk error): found by SQLite's own check.
    const scrambled = Buffer.concat([good.subarray(0, good.length - 8192), Buffer.alloc(8192, 0x5a)]);
    const plainDb = join(dir, 'plain.db');
    openDatabase(plainDb).close();
    const cases: [string, Buffer, RegExp][] = [
      ['notes.txt', Buffer.from('call notes, not a review set\n'), /^notes\.txt: not a CallRank review set \(not a database file/],
      ['half.crset', good.subarray(0, Math.floor(good.length / 2)), /^half\.crset: the review set is truncated: \d+ bytes of \d+/],
      ['header.crset', good.subarray(0, 60), /^header\.crset: the review set is truncated: only 60 bytes/],
      ['scrambled.crset', scrambled, /^scrambled\.crset: damaged review set \(.+\): copy or export it again$/],
      ['callrank.db', readFileSync(plainDb), /^callrank\.db: not a CallRank review set \(a database without review-set information\)/],
      ['future.crset', variant('f.crset', (d) => d.prepare(`UPDATE review_set_info SET value = '2' WHERE key = 'format'`).run()), /review set is format 2, written by a newer CallRank; this one reads format 1/],
      ['newer.crset', variant('n.crset', (d) => d.pragma('user_version = 9999')), /written by a newer CallRank \(database version 9999; this one knows up to \d+\)/],
    ];
    const before = reviews(db);
    expect(before.length).toBeGreaterThan(0);
    for (const [fileName, bytes, reason] of cases) {
      const err = await refusal(() => call('mergeReviewSet', { fileName, base64: bytes.toString('base64') }));
      expect({ fileName, status: err.status, message: err.message }).toEqual({ fileName, status: 422, message: expect.stringMatching(reason) });
    }
    expect(reviews(db)).toEqual(before);
    // The unchanged file still merges, so the refusals above were about the files.
    expect(await call('mergeReviewSet', { fileName: 'good.crset', base64: good.toString('base64') })).toMatchObject({ added: 0 });
  });
});
