import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSpeechSlices } from '../../fixtures/speech-slices';
import { runCli, spawnCli } from '../../fixtures/cli';
import { tempDir } from '../../fixtures/temp';

const FILES = 50;
const STAGES = 3;

function countDoneStages(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM job_runs WHERE outcome = 'done'`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('SIGKILL in the middle of run, then run again', () => {
  const tmp = tempDir('cr-kill-');
  afterAll(() => tmp.cleanup());

  it('loses nothing and duplicates nothing', async () => {
    const folder = join(tmp.path, 'calls');
    const dbPath = join(tmp.path, 'callrank.db');
    // Real speech, so the speech engine does real work and the kill lands inside stages.
    makeSpeechSlices(folder, FILES, 2);
    expect(runCli(['ingest', folder, '--db', dbPath]).code).toBe(0);

    const child = spawnCli(['run', '--db', dbPath, '--concurrency', '2']);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, signal) => r(signal)));
    // Kill once some calls are done and most are not: the middle of the run. Piped, run prints a
    // line per tenth of the calls done; the kill follows the first such line, not a timer.
    let out = '';
    await new Promise<void>((killed) =>
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/^[1-9]\d*\/\d+ done/m.test(out) && child.kill('SIGKILL')) killed();
      }),
    );
    expect(await exited).toBe('SIGKILL');
    const doneAtKill = countDoneStages(dbPath);
    expect(doneAtKill).toBeGreaterThan(0);
    expect(doneAtKill).toBeLessThan(FILES * STAGES);

    // Waited on to its exit (not runCli's 5-minute cap): on a loaded machine the rest of the run
    // takes what it takes, within the test's own limit.
    const again = spawnCli(['run', '--db', dbPath]);
    let resumedOut = '';
    again.stdout.on('data', (d: Buffer) => (resumedOut += d.toString()));
    await new Promise((r) => again.on('close', r));
    const resumed = { stdout: resumedOut };
    expect(resumed.stdout).toMatch(new RegExp(`finished: ${FILES} done, 0 failed, 0 unfinished`));

    const db = new Database(dbPath, { readonly: true });
    try {
      const perStage = db
        .prepare(`SELECT call_id, stage, COUNT(*) AS n FROM job_runs WHERE outcome = 'done' GROUP BY call_id, stage`)
        .all() as { call_id: string; stage: string; n: number }[];
      // Every call passed every stage, each exactly once.
      expect(perStage).toHaveLength(FILES * STAGES);
      expect(perStage.filter((r) => r.n !== 1)).toEqual([]);
      expect(db.prepare(`SELECT COUNT(*) AS n FROM calls`).get()).toEqual({ n: FILES });
      expect(db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state = 'done' AND stage = 'done'`).get()).toEqual({ n: FILES });
      expect(db.prepare(`SELECT COUNT(*) AS n FROM calls WHERE transcript IS NULL OR features IS NULL`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 600_000);
});
