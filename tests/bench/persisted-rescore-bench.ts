import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../electron/db/open';
import { rescoreAll } from '../../electron/scoring/rescore-all';
import { activeRubric, ensureDefaultRubrics, saveRubricVersion } from '../../electron/scoring/rubric-store';
import { ensureScoringSchema } from '../../electron/scoring/scoring-schema';
import type { RubricKind } from '../../shared/scoring/rubric';
import { todayRescoreAll } from './today-rescore';

/** The schema version before scores kept outcome codes (migration 0220): today's storage layout. */
const BEFORE_OUTCOME_CODES = 119;
const KINDS: readonly RubricKind[] = ['lead', 'qa'];
const RUNS = 3;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Wall and CPU time of `fn` (the machine is shared: CPU time says what the work costs, wall what a user waits). */
function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = fn();
  const c = process.cpuUsage(c0);
  return { value, wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}
const s = (msValue: number): string => `${(msValue / 1000).toFixed(2)} s`;

function seeded(dir: string, name: string, json: readonly string[], targetVersion?: number): Db {
  const db = openDatabase(join(dir, name), targetVersion === undefined ? {} : { targetVersion });
  ensureScoringSchema(db);
  ensureDefaultRubrics(db);
  const now = new Date().toISOString();
  const insert = db.prepare('INSERT INTO calls (call_id, features, created_at, updated_at) VALUES (?, ?, ?, ?)');
  db.transaction(() => json.forEach((f, i) => insert.run(`B${String(i).padStart(6, '0')}`, f, now, now)))();
  return db;
}

/** Saves each kind's active rubric again with one criterion's weight raised (a different one each run). */
function weightEdit(db: Db, run: number, kinds: readonly RubricKind[]): void {
  for (const kind of kinds) {
    const { rubric } = activeRubric(db, kind);
    const at = run % rubric.criteria.length;
    saveRubricVersion(db, { ...rubric, criteria: rubric.criteria.map((c, j) => (j === at ? { ...c, weight: c.weight * 1.25 + 0.5 } : c)) }, 'bench');
  }
}

const totals = (db: Db): string =>
  (db.prepare('SELECT kind, round(sum(score), 1) AS t FROM scores GROUP BY kind ORDER BY kind').all() as { kind: string; t: number }[])
    .map((r) => `${r.kind} ${r.t}`)
    .join(', ');

/**
 * A weight edit on both rubrics persisted for every call: today's path (the explanation of every
 * row rebuilt and rewritten, on the layout before migration 0220) beside the stored-outcome path,
 * same calls, same edits, same run; median of RUNS each. Then migration 0220 on today's database.
 */
export function runPersistedRescoreBench(json: readonly string[]): void {
  const dir = mkdtempSync(join(tmpdir(), 'cr-rescore-bench-'));
  try {
    const today = seeded(dir, 'today.db', json, BEFORE_OUTCOME_CODES);
    const todayFirst = timed(() => todayRescoreAll(today, KINDS));
    console.log(`today's layout: first scoring of ${json.length} calls (both kinds): wall ${s(todayFirst.wall)}, CPU ${s(todayFirst.cpu)}`);
    const now = seeded(dir, 'now.db', json);
    const first = timed(() => rescoreAll(now));
    console.log(`stored outcomes: first scoring (both kinds, ${first.value.judged} calls judged from features): wall ${s(first.wall)}, CPU ${s(first.cpu)}`);

    for (const kinds of [['lead'], KINDS] as const) {
      const todayRuns: ReturnType<typeof timed<ReturnType<typeof todayRescoreAll>>>[] = [];
      const nowRuns: ReturnType<typeof timed<ReturnType<typeof rescoreAll>>>[] = [];
      for (let run = 0; run < RUNS; run++) {
        weightEdit(today, run, kinds);
        todayRuns.push(timed(() => todayRescoreAll(today, kinds)));
        weightEdit(now, run, kinds);
        nowRuns.push(timed(() => rescoreAll(now, { kinds })));
      }
      const last = (nowRuns.at(-1) as (typeof nowRuns)[number]).value;
      const lastToday = (todayRuns.at(-1) as (typeof todayRuns)[number]).value;
      const what = kinds.length === 1 ? 'lead rubric saved' : 'lead + QA rubrics saved';
      console.log(
        `PERSISTED RE-SCORE after a weight edit (${what}), ${json.length} calls, median of ${RUNS}: wall ${s(median(nowRuns.map((r) => r.wall)))}, ` +
          `CPU ${s(median(nowRuns.map((r) => r.cpu)))} (last: load ${last.loadMs.toFixed(0)} ms, score ${last.scoreMs.toFixed(0)} ms, write ${last.writeMs.toFixed(0)} ms, ` +
          `${last.written} rows written, ${last.judged} calls judged from features) — target < 2 s`,
      );
      console.log(
        `  today's path, same edits: wall ${s(median(todayRuns.map((r) => r.wall)))}, CPU ${s(median(todayRuns.map((r) => r.cpu)))} ` +
          `(last: load ${lastToday.loadMs.toFixed(0)} ms, score ${lastToday.scoreMs.toFixed(0)} ms, write ${lastToday.writeMs.toFixed(0)} ms)`,
      );
      console.log(`  same totals from both: ${totals(now)} | today ${totals(today)}`);
    }

    // A criterion changed (not only its weight): the calls are judged from features again.
    const { rubric } = activeRubric(now, 'lead');
    const at = rubric.criteria.findIndex((c) => c.type === 'feature');
    saveRubricVersion(now, { ...rubric, criteria: rubric.criteria.map((c, j) => (j === at && c.type === 'feature' ? { ...c, min: (c.min ?? 0) + 1 } : c)) }, 'bench');
    const changed = timed(() => rescoreAll(now, { kinds: ['lead'] }));
    console.log(
      `stored outcomes: a lead criterion's bounds changed (${changed.value.judged} calls judged from features): wall ${s(changed.wall)}, CPU ${s(changed.cpu)}`,
    );
    now.close();

    today.close();
    const migrated = timed(() => openDatabase(join(dir, 'today.db')));
    console.log(`migration 0220 on today's database (${json.length * 2} score rows with explanations): wall ${s(migrated.wall)}, CPU ${s(migrated.cpu)}`);
    const filled = timed(() => rescoreAll(migrated.value));
    console.log(
      `  then the start-up's re-score in its worker fills the outcome codes (${filled.value.judged} calls judged from features): wall ${s(filled.wall)}, CPU ${s(filled.cpu)}`,
    );
    migrated.value.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
