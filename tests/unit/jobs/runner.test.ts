import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/db/open';
import { JobRunner } from '../../../electron/jobs/runner';
import { PermanentStageError, type StageHandlers } from '../../../electron/jobs/stage-handler';
import { claimNextJob, enqueueJob, retryJob } from '../../../electron/jobs/store';
import { tempDir } from '../../fixtures/temp';
import { writeWav } from '../../fixtures/wav';

const temps: { cleanup(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));

function setup(files: number): { db: Db; dir: string } {
  const t = tempDir('cr-runner-');
  temps.push(t);
  const db = openDatabase(join(t.path, 'x.db'));
  const now = new Date().toISOString();
  for (let i = 0; i < files; i++) {
    const path = join(t.path, `c${i}.wav`);
    writeWav(path, { seconds: 0.2, frequencies: [300 + i] });
    db.prepare(`INSERT INTO calls (call_id, recording_path, created_at, updated_at) VALUES (?, ?, ?, ?)`).run(`C${i}`, path, now, now);
    enqueueJob(db, `C${i}`, now);
  }
  return { db, dir: t.path };
}

/** Real work per stage: read the recording and store its byte length as the "transcript". */
function handlers(overrides: Partial<StageHandlers> = {}): StageHandlers {
  return {
    async transcribe({ db, callId }) {
      const { recording_path } = db.prepare('SELECT recording_path FROM calls WHERE call_id = ?').get(callId) as { recording_path: string };
      const bytes = readFileSync(recording_path).length;
      return () => db.prepare('UPDATE calls SET transcript = ? WHERE call_id = ?').run(JSON.stringify({ bytes }), callId);
    },
    async analyse({ db, callId }) {
      return () => db.prepare(`UPDATE calls SET features = '{}' WHERE call_id = ?`).run(callId);
    },
    async score({ db, callId }) {
      return () => db.prepare(`UPDATE calls SET sentiment_score = 0 WHERE call_id = ?`).run(callId);
    },
    ...overrides,
  };
}

/** A promise with its resolve at hand: one side of a hand-over between two handlers. */
function signal(): { promise: Promise<void>; resolve(): void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const states = (db: Db): Record<string, string> =>
  Object.fromEntries((db.prepare('SELECT call_id, state FROM jobs').all() as { call_id: string; state: string }[]).map((r) => [r.call_id, r.state]));

describe('JobRunner', () => {
  it('lets the event loop turn between jobs whose stages wait on nothing (requests, timers and finalizers are not held up)', async () => {
    const { db } = setup(12);
    const doneJobs = (): number => db.prepare(`SELECT COUNT(*) FROM jobs WHERE state = 'done'`).pluck().get() as number;
    let doneWhenTheLoopTurned = -1;
    setImmediate(() => (doneWhenTheLoopTurned = doneJobs()));
    await new JobRunner(db, handlers(), { concurrency: 2 }).runUntilIdle();
    expect(doneJobs()).toBe(12);
    // Every stage here is synchronous work behind an already-resolved promise: without a turn of
    // the loop between jobs the immediate would run only once all 12 were done.
    expect(doneWhenTheLoopTurned).toBeGreaterThanOrEqual(0);
    expect(doneWhenTheLoopTurned).toBeLessThan(12);
  });

  it('runs every stage of every job once', async () => {
    const { db } = setup(6);
    await new JobRunner(db, handlers(), { concurrency: 3 }).runUntilIdle();
    expect(Object.values(states(db))).toEqual(Array(6).fill('done'));
    expect(db.prepare(`SELECT COUNT(*) AS n FROM job_runs WHERE outcome = 'done'`).get()).toEqual({ n: 18 });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM calls WHERE transcript LIKE '{"bytes":%'`).get()).toEqual({ n: 6 });
  });

  it('retries a transient failure with backoff and then succeeds', async () => {
    const { db } = setup(1);
    let attempts = 0;
    const flaky = handlers({
      async analyse({ db: d, callId }) {
        attempts++;
        if (attempts < 3) throw new Error(`disk busy (attempt ${attempts})`);
        return () => d.prepare(`UPDATE calls SET features = '{}' WHERE call_id = ?`).run(callId);
      },
    });
    await new JobRunner(db, flaky, { backoffMs: 10 }).runUntilIdle();
    expect(attempts).toBe(3);
    expect(states(db)).toEqual({ C0: 'done' });
    const failures = db.prepare(`SELECT error FROM job_runs WHERE outcome = 'failed'`).all();
    expect(failures).toEqual([{ error: 'disk busy (attempt 1)' }, { error: 'disk busy (attempt 2)' }]);
  });

  it('fails one bad file for good with its reason and keeps going with the others', async () => {
    const { db } = setup(4);
    const picky = handlers({
      async transcribe(ctx) {
        if (ctx.callId === 'C2') throw new PermanentStageError('cannot decode: not a valid WAV');
        return handlers().transcribe(ctx);
      },
    });
    await new JobRunner(db, picky, { concurrency: 2 }).runUntilIdle();
    expect(states(db)).toEqual({ C0: 'done', C1: 'done', C2: 'failed', C3: 'done' });
    expect(db.prepare(`SELECT failed_stage, last_error, attempts FROM jobs WHERE call_id = 'C2'`).get()).toEqual({
      failed_stage: 'transcribe',
      last_error: 'cannot decode: not a valid WAV',
      attempts: 1,
    });
  });

  it('gives up after max attempts, and a retry resumes from the failed stage', async () => {
    const { db } = setup(1);
    let broken = true;
    const h = handlers({
      async score({ db: d, callId }) {
        if (broken) throw new Error('rubric missing');
        return () => d.prepare(`UPDATE calls SET sentiment_score = 1 WHERE call_id = ?`).run(callId);
      },
    });
    await new JobRunner(db, h, { backoffMs: 1 }).runUntilIdle();
    expect(db.prepare(`SELECT state, stage, attempts FROM jobs`).get()).toEqual({ state: 'failed', stage: 'score', attempts: 3 });
    broken = false;
    expect(retryJob(db, 1)).toBe(true);
    await new JobRunner(db, h).runUntilIdle();
    expect(states(db)).toEqual({ C0: 'done' });
    // transcribe and analyse were not redone.
    expect(db.prepare(`SELECT stage, COUNT(*) AS n FROM job_runs WHERE outcome = 'done' GROUP BY stage ORDER BY stage`).all()).toEqual([
      { stage: 'analyse', n: 1 },
      { stage: 'score', n: 1 },
      { stage: 'transcribe', n: 1 },
    ]);
  });

  it('takes over a job whose owner died, and a stale owner cannot commit its result', async () => {
    const { db } = setup(1);
    const dead = 'otherhost-gone:1:dead';
    const stale = claimNextJob(db, dead, 60_000);
    expect(stale?.state).toBe('running');
    // A lease held by a live owner on another machine is respected until it runs out...
    expect(claimNextJob(db, 'me', 60_000)).toBeNull();
    db.prepare('UPDATE jobs SET lease_until = 0').run();
    await new JobRunner(db, handlers()).runUntilIdle();
    expect(states(db)).toEqual({ C0: 'done' });
    const { completeStage } = await import('../../../electron/jobs/store');
    let wrote = false;
    expect(completeStage(db, stale!, dead, () => (wrote = true))).toBe(false);
    expect(wrote).toBe(false);
  });

  it('stops on request, releasing its jobs so the next run picks them up', async () => {
    const { db } = setup(3);
    let started = 0;
    const twoStarted = signal();
    const slow = handlers({
      async transcribe({ signal: abort }) {
        if (++started === 2) twoStarted.resolve();
        await new Promise((_r, reject) => abort.addEventListener('abort', () => reject(new Error('aborted'))));
        return () => {};
      },
    });
    const runner = new JobRunner(db, slow, { concurrency: 2 });
    const running = runner.runForever();
    await twoStarted.promise;
    await runner.stop();
    await running;
    expect(Object.values(states(db)).sort()).toEqual(['queued', 'queued', 'queued']);
    await new JobRunner(db, handlers()).runUntilIdle();
    expect(Object.values(states(db))).toEqual(['done', 'done', 'done']);
  });
});

describe('JobRunner stage limits', () => {
  it('keeps a heavy stage within its limit while other stages flow past it', async () => {
    const CALLS = 4;
    const { db } = setup(CALLS);
    let transcribing = 0;
    let maxTranscribing = 0;
    let analysedWhileTranscribing = 0;
    // A hand-over instead of timers: the n-th transcription cannot end until the call transcribed
    // before it has been analysed while it runs, and that analysis waits for it to start. A runner
    // that held analysis back behind the heavy stage would never finish (the test times out).
    const order: string[] = [];
    const transcriptionStarted = Array.from({ length: CALLS }, signal);
    const analysedDuring = Array.from({ length: CALLS }, signal);
    const h = handlers({
      async transcribe(ctx) {
        const n = order.push(ctx.callId) - 1;
        transcribing++;
        maxTranscribing = Math.max(maxTranscribing, transcribing);
        transcriptionStarted[n]?.resolve();
        if (n > 0) await analysedDuring[n]?.promise;
        transcribing--;
        return handlers().transcribe(ctx);
      },
      async analyse(ctx) {
        const next = order.indexOf(ctx.callId) + 1;
        if (next < CALLS) {
          await transcriptionStarted[next]?.promise;
          if (transcribing > 0) analysedWhileTranscribing++;
          analysedDuring[next]?.resolve();
        }
        return handlers().analyse(ctx);
      },
    });
    await new JobRunner(db, h, { concurrency: 3, stageConcurrency: { transcribe: 1 } }).runUntilIdle();
    expect(Object.values(states(db))).toEqual(['done', 'done', 'done', 'done']);
    expect(maxTranscribing).toBe(1);
    // Calls whose transcript is done are analysed while the next one transcribes.
    expect(analysedWhileTranscribing).toBe(CALLS - 1);
  });
});
