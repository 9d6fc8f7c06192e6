import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main as cli } from '../../../electron/cli/main';
import { prepareReviewSet } from '../../../electron/review-sets/open-review-set';
import type { MergeReport } from '../../../electron/review-sets/merge-review-set';
import { saveReview } from '../../../electron/review/manual-reviews';
import { openDatabase, type Db } from '../../../electron/db/open';
import { seedUiDatabase } from '../../fixtures/seed-ui';
import { tempDir } from '../../fixtures/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void): Writable =>
    new Writable({ write: (chunk: Buffer, _e, done) => (add(chunk.toString()), done()) });
  const code = await cli(args, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
  return { code, out, err };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));
const review = (db: Db, uuid: string): { notes: string | null; reviewer: string; criterion_scores: string } =>
  db
    .prepare('SELECT notes, reviewer, criterion_scores FROM manual_reviews WHERE review_uuid = ?')
    .get(uuid) as { notes: string | null; reviewer: string; criterion_scores: string };

describe('review sets: export, offline review on another machine, merge back', () => {
  it('carries calls, audio, scores and rubrics in one file, and merges reviews without duplicates or lost edits', async () => {
    const tmp = tempDir('cr-review-set-');
    cleanups.push(tmp.cleanup);
    const mainPath = join(tmp.path, 'office', 'callrank.db');
    const seed = seedUiDatabase(mainPath);
    const office = openDatabase(mainPath);
    cleanups.unshift(() => office.close());

    // Three reviewed calls, one of them the call with the real recording.
    const reviewed = office
      .prepare('SELECT review_uuid, call_id FROM manual_reviews ORDER BY review_uuid LIMIT 3')
      .all() as { review_uuid: string; call_id: string }[];
    expect(reviewed.length).toBe(3);
    const [r1, r2, r3] = reviewed as [(typeof reviewed)[0], (typeof reviewed)[0], (typeof reviewed)[0]];
    const calls = [...new Set([...reviewed.map((r) => r.call_id), seed.bookingCallId])];
    const setPath = join(tmp.path, 'floor', 'review.crset');

    const exported = await run([
      'review-set',
      'export',
      '--calls',
      calls.join(','),
      '--out',
      setPath,
      '--db',
      mainPath,
    ]);
    expect(exported.err).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.out).toContain(`${calls.length} calls`);
    // One file: no WAL or shared-memory file beside it.
    expect(existsSync(setPath + '-wal')).toBe(false);

    // "Another machine": the set alone, its audio written out beside it.
    const opened = prepareReviewSet(setPath);
    expect(opened.calls.sort()).toEqual([...calls].sort());
    const floor = openDatabase(setPath);
    cleanups.unshift(() => floor.close());
    const playable = floor
      .prepare('SELECT recording_path FROM calls WHERE call_id = ?')
      .pluck()
      .get(seed.bookingCallId) as string;
    expect(playable.startsWith(opened.audioDir)).toBe(true);
    expect(readFileSync(playable).equals(readFileSync(seed.audioPath))).toBe(true);
    expect(floor.prepare('SELECT count(*) FROM calls').pluck().get()).toBe(calls.length);
    expect(floor.prepare('SELECT count(*) FROM scores').pluck().get()).toBe(
      office
        .prepare(`SELECT count(*) FROM scores WHERE call_id IN (${calls.map(() => '?').join(',')})`)
        .pluck()
        .get(...calls),
    );
    expect(floor.prepare("SELECT count(*) FROM rubrics WHERE active = 1 AND kind = 'qa'").pluck().get()).toBe(
      1,
    );

    // Reviews on the floor: a new one, an edit of r1, an edit of r2 (which the office edits later too).
    await tick();
    const fresh = saveReview(floor, {
      callId: seed.bookingCallId,
      reviewer: 'floor-lead',
      criterionScores: {},
      notes: 'new on the floor',
    });
    saveReview(floor, {
      callId: r1.call_id,
      reviewUuid: r1.review_uuid,
      reviewer: 'floor-lead',
      criterionScores: {},
      notes: 'edited on the floor',
    });
    saveReview(floor, {
      callId: r2.call_id,
      reviewUuid: r2.review_uuid,
      reviewer: 'floor-lead',
      criterionScores: {},
      notes: 'floor edit of r2',
    });
    await tick();
    // Meanwhile in the office: r2 edited later (wins), r3 edited (the set still has the old r3).
    saveReview(office, {
      callId: r2.call_id,
      reviewUuid: r2.review_uuid,
      reviewer: 'office-qa',
      criterionScores: {},
      notes: 'office edit of r2',
    });
    saveReview(office, {
      callId: r3.call_id,
      reviewUuid: r3.review_uuid,
      reviewer: 'office-qa',
      criterionScores: {},
      notes: 'office edit of r3',
    });
    floor.close();
    cleanups.shift();
    const before = office.prepare('SELECT count(*) FROM manual_reviews').pluck().get() as number;

    const merged = await run(['review-set', 'merge', setPath, '--json', '--db', mainPath]);
    expect(merged.code).toBe(0);
    const report = JSON.parse(merged.out) as MergeReport;
    expect(report.setId).toBe(opened.setId);
    expect(report.added).toBe(1);
    expect(report.updated).toBe(1);
    expect(report.conflicts).toEqual([
      expect.objectContaining({
        reviewUuid: r2.review_uuid,
        kept: 'here',
        hereReviewer: 'office-qa',
        setReviewer: 'floor-lead',
      }),
    ]);
    expect(office.prepare('SELECT count(*) FROM manual_reviews').pluck().get()).toBe(before + 1);
    expect(review(office, fresh.reviewUuid).notes).toBe('new on the floor');
    expect(review(office, r1.review_uuid).notes).toBe('edited on the floor');
    expect(review(office, r2.review_uuid).notes).toBe('office edit of r2');
    expect(review(office, r3.review_uuid).notes).toBe('office edit of r3');

    // Merging the same set again changes nothing.
    const again = JSON.parse(
      (await run(['review-set', 'merge', setPath, '--json', '--db', mainPath])).out,
    ) as MergeReport;
    expect(again.added).toBe(0);
    expect(again.updated).toBe(0);
    expect(office.prepare('SELECT count(*) FROM manual_reviews').pluck().get()).toBe(before + 1);
    expect(review(office, r1.review_uuid).notes).toBe('edited on the floor');

    // The human-readable report names the losing edit.
    const text = await run(['review-set', 'merge', setPath, '--db', mainPath]);
    expect(text.out).toContain(`conflict: review ${r2.review_uuid}`);
    expect(text.out).toContain('floor-lead in the set');
  });
});
