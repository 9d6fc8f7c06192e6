import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { analyseCall, type AnalyseCallInput } from '../../electron/analysis/analyse-call';
import { createApiHandlers } from '../../electron/core/api-handlers';
import { createCoreContext } from '../../electron/core/context';
import { createDefaultSteps } from '../../electron/core/default-steps';
import { openDatabase } from '../../electron/db/open';
import { createStageHandlers } from '../../electron/jobs/pipeline';
import { JobRunner } from '../../electron/jobs/runner';
import { ensureDefaultRubrics } from '../../electron/scoring/rubric-store';
import { BACKGROUND_SENTENCES } from '../../electron/trackers/train-tracker-set';
import type { Transcript } from '../../shared/transcript';
import { evalSentenceSchema, EVAL_SENTENCES_PATH } from '../fixtures/trackers/eval-set';
import { tempDir } from '../fixtures/temp';
import { EMAIL_TRACKER as EMAIL } from '../fixtures/seed-tracker-calls';
import { rng } from './scoring-synthetic-calls';
import { TSX } from '../e2e/support/serve-process';

const CALLS = Number(process.env.BENCH_CALLS ?? 10_000);
/** Calls written and analysed for real; the rest are copies, each still re-analysed on its own (nothing is shared between calls). */
const DISTINCT = 400;


/** Calls of 6 to 18 turns (2 to 4 minutes of talk), each turn one or two sentences of how callers and agents speak. */
function callsFrom(r: () => number): AnalyseCallInput[] {
  const evalSet = readFileSync(EVAL_SENTENCES_PATH, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => evalSentenceSchema.parse(JSON.parse(l)));
  const by = {
    agent: evalSet.filter((s) => s.speaker === 'agent').map((s) => s.text),
    customer: evalSet.filter((s) => s.speaker === 'customer').map((s) => s.text),
  };
  const pick = (list: readonly string[]): string => list[Math.floor(r() * list.length)] ?? 'Okay.';
  return Array.from({ length: DISTINCT }, (_, c) => {
    const turns = 6 + Math.floor(r() * 13);
    const segments: Transcript['segments'] = [];
    for (let k = 0; k < turns; k++) {
      const speaker = k % 2 === 0 ? 'agent' : 'customer';
      const text = [
        pick(r() < 0.7 ? by[speaker] : BACKGROUND_SENTENCES),
        ...(r() < 0.3 ? [pick(BACKGROUND_SENTENCES)] : []),
      ].join(' ');
      segments.push({ speaker, start: k * 10, end: k * 10 + 9, text });
    }
    const durationS = turns * 10;
    return {
      transcript: {
        engine: 'bench',
        model: 'script',
        engineVersion: '1',
        source: 'import',
        language: 'en',
        durationS,
        segments,
      },
      call: {
        durationS,
        startedAt: new Date(Date.UTC(2026, 0, 1) + c * 60_000).toISOString(),
        direction: 'inbound',
        fromNumber: '+14155550100',
        toNumber: null,
        agent: 'sam',
        campaign: null,
      },
      lead: { priorCalls: 0, leadSource: null, attributes: {} },
    };
  });
}

const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * Re-analysing 10,000 stored transcripts after a tracker edit, as the app does it: the save, then
 * the job runner's analyse and score stages for every call. Baseline: a whole analysis of a call,
 * which is what a re-analysis would cost without re-running the team trackers alone.
 */
export async function runTeamTrackersBench(): Promise<void> {
  const tmp = tempDir('cr-bench-team-trackers-');
  try {
    const dbPath = join(tmp.path, 'bench.db');
    const db = openDatabase(dbPath);
    ensureDefaultRubrics(db);
    const distinct = callsFrom(rng(19));
    const features = distinct.map((c) => JSON.stringify(analyseCall(c)));
    const insertCall = db.prepare(
      `INSERT INTO calls (call_id, from_number, call_start_time, call_duration, transcript, features, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertJob = db.prepare(
      `INSERT INTO jobs (call_id, stage, state, created_at, updated_at) VALUES (?, 'done', 'done', ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < CALLS; i++) {
        const c = distinct[i % DISTINCT]!;
        const at = c.call.startedAt!;
        insertCall.run(
          `C${i}`,
          c.call.fromNumber,
          at,
          c.call.durationS,
          JSON.stringify(c.transcript),
          features[i % DISTINCT],
          at,
          at,
        );
        insertJob.run(`C${i}`, at, at);
      }
    })();
    const api = createApiHandlers(createCoreContext(db));
    await api.saveTracker({ tracker: EMAIL });
    db.prepare(`UPDATE jobs SET stage = 'done', state = 'done'`).run();
    db.prepare('DELETE FROM tracker_reanalysis').run();

    // Baseline: the whole analysis of a call, over the first 200 distinct calls.
    const t0 = performance.now();
    for (const c of distinct.slice(0, 200)) analyseCall(c);
    const wholeMs = (performance.now() - t0) / 200;

    db.close();

    // The edit, in a process of its own so its peak memory is the re-analysis's alone.
    const child = spawnSync(TSX, [fileURLToPath(import.meta.url), '--reanalyse', dbPath], {
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`the re-analysis failed:\n${child.stderr}`);
    const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as Reanalysis;
    const turns = distinct.reduce((s, c) => s + (c.transcript?.segments.length ?? 0), 0) / DISTINCT;
    console.log(
      `re-analysing ${CALLS.toLocaleString('en')} stored transcripts (mean ${turns.toFixed(1)} turns) after a tracker edit, save to last job: ` +
        `${r.seconds.toFixed(1)} s (${((r.seconds * 1000) / CALLS).toFixed(2)} ms a call; ${r.queued} queued, ${r.done} done) (target < 60 s)\n` +
        `  peak RSS of that process, start to exit (getrusage maxrss: the save, the NLP and models it loads, the runner's analyse and score stages, closing): ` +
        `${mb(r.peakRss)} (target < 400 MB); as the last job ended ${mb(r.anonRss)} anonymous (JS heap ${mb(r.heapUsed)}) + ${mb(r.fileRss)} file-backed ` +
        `(the node binary and libraries, and the database pages SQLite maps, up to 256 MB; this database ${mb(r.dbBytes)})\n` +
        `  baseline, a whole analysis of the same calls: ${wholeMs.toFixed(2)} ms a call (200 of them timed), so about ${((wholeMs * CALLS) / 1000).toFixed(0)} s for ${CALLS.toLocaleString('en')}`,
    );
  } finally {
    tmp.cleanup();
  }
}

interface Reanalysis {
  seconds: number;
  queued: number;
  done: number;
  peakRss: number;
  heapUsed: number;
  anonRss: number;
  fileRss: number;
  dbBytes: number;
}

/** This process's resident memory by kind, from Linux's /proc/self/status (0 elsewhere). */
function residentByKind(): { anonRss: number; fileRss: number } {
  let status = '';
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    // not Linux: the peak above is still measured
  }
  const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { anonRss: kb('RssAnon'), fileRss: kb('RssFile') + kb('RssShmem') };
}

/** The measured part: a supervisor's edit saved through the API, then the job runner until every call is done. */
async function reanalyse(dbPath: string): Promise<Reanalysis> {
  const db = openDatabase(dbPath);
  const api = createApiHandlers(createCoreContext(db));
  const t0 = performance.now();
  const saved = await api.saveTracker({
    tracker: { ...EMAIL, examples: [...EMAIL.examples, 'Can you put that in an email for me?'] },
  });
  const steps = createDefaultSteps();
  await new JobRunner(db, createStageHandlers(steps), { concurrency: 2 }).runUntilIdle();
  const seconds = (performance.now() - t0) / 1000;
  // Split while the database is still mapped: closing unmaps it.
  const resident = residentByKind();
  const heapUsed = process.memoryUsage().heapUsed;
  await steps.close();
  const done = db
    .prepare(`SELECT COUNT(*) FROM jobs WHERE state = 'done' AND stage = 'done'`)
    .pluck()
    .get() as number;
  db.close();
  return {
    seconds,
    queued: saved.queued,
    done,
    peakRss: process.resourceUsage().maxRSS * 1024,
    heapUsed,
    ...resident,
    dbBytes: statSync(dbPath).size,
  };
}

if (process.argv[2] === '--reanalyse' && process.argv[3]) {
  void reanalyse(process.argv[3]).then((r) => console.log(JSON.stringify(r)));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  void runTeamTrackersBench();
}
