import type Database from 'better-sqlite3';
import type { CallFeatures } from '../../shared/scoring/call-features';
import type { RubricKind } from '../../shared/scoring/rubric';
import { cachedLlmVerdicts } from '../llm/cached-llm-verdicts';
import { NOT_APPLICABLE, NOT_MET, scoreCompact, scoresFromOutcomes, type BulkLlmVerdicts } from './bulk-scorer';
import { CompactFeatureSet } from './compact-feature-set';
import { refreshAllLeadScores } from './lead-score';
import { loadActiveRubrics, rubricVersions, type StoredRubric } from './rubric-store';
import { bandAndQualified } from './score-call';
import { UPSERT_SCORE } from './score-and-store';
import { ensureScoringSchema } from './scoring-schema';
import { carriedOver } from './stored-outcomes';

export interface RescoreReport {
  calls: number;
  /** Reading stored outcomes, and the features of the calls that must be judged again. */
  loadMs: number;
  /** Judging those calls, and totalling every call. */
  scoreMs: number;
  /** Writing the score rows that changed (in chunks of 2,000 calls) and lead scores. */
  writeMs: number;
  /** Calls whose criteria were judged from features; the others kept their outcomes (a weight edit). */
  judged: number;
  /** Score rows written (a row already made with this rubric, with the same result, is left alone). */
  written: number;
}

export interface RescoreOptions {
  /** Only the active rubrics of these kinds (a saved lead rubric leaves QA scores as they are); default all. */
  kinds?: readonly RubricKind[];
  /** After each written chunk: calls written so far, of `total`. */
  onProgress?: (done: number, total: number) => void;
  /** Judge every criterion of every call from its features again, not only new or changed criteria. */
  fromFeatures?: boolean;
}

const WRITE_CHUNK = 2000;

interface PreviousScore {
  rubric_id: number;
  score: number;
  band: string;
  qualified: number;
  outcomes: string;
}

/** One active rubric's pass: per-criterion outcomes of every analysed call (criterion-major). */
interface Plan {
  stored: StoredRubric;
  previous: Map<string, PreviousScore>;
  outcome: Uint8Array;
  /** Indexes of calls whose outcomes must be judged from features. */
  judge: number[];
  score?: Float64Array;
}

/**
 * LLM question verdicts from the answer cache only (never the network: a re-score is reproducible
 * and free). Only calls with a cached answer (under any rubric version: an identical question
 * carries over) are looked at, so when nobody asked, it costs one query, not a transcript parse
 * per call.
 */
function cachedBulkVerdicts(db: Database.Database, stored: StoredRubric, callIds: readonly string[]): BulkLlmVerdicts | undefined {
  if (!stored.rubric.criteria.some((c) => c.type === 'llm_question')) return undefined;
  const asked = db.prepare('SELECT DISTINCT call_id FROM llm_answers').all() as { call_id: string | null }[];
  if (!asked.length) return undefined;
  const askedIds = new Set(asked.map((r) => r.call_id));
  return callIds.map((id) => (askedIds.has(id) ? cachedLlmVerdicts(db, id, stored) : undefined));
}

/**
 * Carries each call's stored outcomes over to the new rubric where every criterion judges as one of
 * the rubric the call was scored with (a weight, points or wording edit); the rest are to be judged.
 */
function planFor(db: Database.Database, stored: StoredRubric, callIds: readonly string[], versionOf: ReturnType<typeof rubricVersions>, fromFeatures: boolean): Plan {
  const rows = db.prepare('SELECT call_id, rubric_id, score, band, qualified, outcomes FROM scores WHERE kind = ?').all(stored.rubric.kind) as (PreviousScore & { call_id: string })[];
  const previous = new Map(rows.map((r) => [r.call_id, r]));
  const n = callIds.length;
  const k = stored.rubric.criteria.length;
  const outcome = new Uint8Array(n * k);
  const judge: number[] = [];
  const maps = new Map<number, { from: number[]; width: number } | null>();
  const mapFrom = (rubricId: number): { from: number[]; width: number } | null => {
    if (!maps.has(rubricId)) {
      const old = versionOf(rubricId);
      const from = old && carriedOver(old.rubric, stored.rubric);
      maps.set(rubricId, old && from ? { from, width: old.rubric.criteria.length } : null);
    }
    return maps.get(rubricId) ?? null;
  };
  for (let i = 0; i < n; i++) {
    const prev = fromFeatures ? undefined : previous.get(callIds[i] as string);
    const map = prev ? mapFrom(prev.rubric_id) : null;
    let ok = prev !== undefined && map !== null && prev.outcomes.length === map.width;
    for (let j = 0; ok && j < k; j++) {
      // The stored character is the bulk scorer's code as a digit (stored-outcomes.ts).
      const o = (prev as PreviousScore).outcomes.charCodeAt((map as { from: number[] }).from[j] as number) - 48;
      if (o < NOT_MET || o > NOT_APPLICABLE) ok = false;
      else outcome[j * n + i] = o;
    }
    if (!ok) judge.push(i);
  }
  return { stored, previous, outcome, judge };
}

/** Parsed features of the calls at `indexes` (into `callIds`), in that order. */
function loadFeatures(db: Database.Database, callIds: readonly string[], indexes: readonly number[]): CallFeatures[] {
  // Features were validated when written by analyseAndStoreCall; a full zod pass here would dominate the run.
  if (indexes.length > callIds.length / 4) {
    const wanted = new Map(indexes.map((i, at) => [callIds[i] as string, at]));
    const out = new Array<CallFeatures>(indexes.length);
    for (const r of db.prepare('SELECT call_id, features FROM calls WHERE features IS NOT NULL').iterate() as Iterable<{ call_id: string; features: string }>) {
      const at = wanted.get(r.call_id);
      if (at !== undefined) out[at] = JSON.parse(r.features) as CallFeatures;
    }
    return out;
  }
  const get = db.prepare('SELECT features FROM calls WHERE call_id = ?').pluck();
  return indexes.map((i) => JSON.parse(get.get(callIds[i]) as string) as CallFeatures);
}

/** Calls (indexes into the analysed calls) that some plan must judge from features. */
function callsToJudge(plans: readonly Plan[]): number[] {
  return [...new Set(plans.flatMap((p) => p.judge))].sort((a, b) => a - b);
}

/** Fills each plan's outcomes of the calls it must judge, from the features of `needed` (in `set`). */
function judgeFromFeatures(db: Database.Database, plans: Plan[], callIds: readonly string[], needed: readonly number[], set: CompactFeatureSet): void {
  const at = new Map(needed.map((i, p) => [i, p]));
  const neededIds = needed.map((i) => callIds[i] as string);
  const n = callIds.length;
  for (const plan of plans) {
    if (!plan.judge.length) continue;
    const bulk = scoreCompact(set, plan.stored.rubric, cachedBulkVerdicts(db, plan.stored, neededIds));
    const k = plan.stored.rubric.criteria.length;
    for (const i of plan.judge) {
      const p = at.get(i) as number;
      for (let j = 0; j < k; j++) plan.outcome[j * n + i] = bulk.outcome[j * set.n + p] as number;
    }
  }
}

function codeAt(outcome: Uint8Array, n: number, k: number, i: number): string {
  let s = '';
  for (let j = 0; j < k; j++) s += String.fromCharCode(48 + (outcome[j * n + i] as number));
  return s;
}

/**
 * Re-scores every analysed call with the active rubrics. Outcomes stored with a score carry over
 * to criteria that judge alike, so a weight edit reads no features and rewrites only small rows;
 * new or changed criteria (and calls never scored) are judged from stored features. Nothing is
 * re-analysed.
 */
export function rescoreAll(db: Database.Database, options: RescoreOptions = {}): RescoreReport {
  ensureScoringSchema(db);
  const t0 = performance.now();
  const kinds = options.kinds ?? null;
  const rubrics = loadActiveRubrics(db).filter((r) => !kinds || kinds.includes(r.rubric.kind));
  // The calls_analysed index (migration 0220): the ids without reading any features.
  const callIds = db.prepare('SELECT call_id FROM calls WHERE features IS NOT NULL ORDER BY call_id').pluck().all() as string[];
  const n = callIds.length;
  const versionOf = rubricVersions(db);
  const plans = rubrics.map((stored) => planFor(db, stored, callIds, versionOf, options.fromFeatures ?? false));
  const needed = callsToJudge(plans);
  const set = needed.length ? new CompactFeatureSet(loadFeatures(db, callIds, needed)) : null;
  const t1 = performance.now();
  if (set) judgeFromFeatures(db, plans, callIds, needed, set);
  for (const plan of plans) plan.score = scoresFromOutcomes(plan.stored.rubric, plan.outcome, n);
  const t2 = performance.now();

  const update = db.prepare(
    `UPDATE scores SET rubric_id = ?, score = ?, band = ?, qualified = ?, outcomes = ?, scored_at = ? WHERE call_id = ? AND kind = ?`,
  );
  // A weight edit leaves many totals as they were: such a row keeps its entry in the score index
  // (SQLite rewrites the entries of every indexed column a statement sets, changed or not).
  const restamp = db.prepare(`UPDATE scores SET rubric_id = ?, outcomes = ?, scored_at = ? WHERE call_id = ? AND kind = ?`);
  const insert = db.prepare(UPSERT_SCORE);
  const now = new Date().toISOString();
  let written = 0;
  let leadsChanged = false;
  // Short transactions, so the job runner's writes (busy timeout 5 s) interleave with a 100k-call re-score.
  const writeChunk = db.transaction((from: number, to: number) => {
    for (const { stored, previous, outcome, score } of plans) {
      const { rubricId, rubric } = stored;
      const k = rubric.criteria.length;
      for (let i = from; i < to; i++) {
        const callId = callIds[i] as string;
        const s = (score as Float64Array)[i] as number;
        const code = codeAt(outcome, n, k, i);
        const prev = previous.get(callId);
        if (prev && prev.rubric_id === rubricId && prev.score === s && prev.outcomes === code) continue;
        const { band, qualified } = bandAndQualified(rubric, s);
        if (prev && prev.score === s && prev.band === band && prev.qualified === (qualified ? 1 : 0))
          restamp.run(rubricId, code, now, callId, rubric.kind);
        else if (prev) update.run(rubricId, s, band, qualified ? 1 : 0, code, now, callId, rubric.kind);
        else
          insert.run({ call_id: callId, kind: rubric.kind, rubric_id: rubricId, score: s, band, qualified: qualified ? 1 : 0, outcomes: code, scored_at: now });
        written++;
        if (rubric.kind === 'lead') leadsChanged = true;
      }
    }
  });
  for (let from = 0; from < n; from += WRITE_CHUNK) {
    const to = Math.min(n, from + WRITE_CHUNK);
    writeChunk(from, to);
    options.onProgress?.(to, n);
  }
  // Lead scores follow the lead-kind call scores only.
  if (leadsChanged) db.transaction(() => refreshAllLeadScores(db))();
  const t3 = performance.now();
  return { calls: n, loadMs: t1 - t0, scoreMs: t2 - t1, writeMs: t3 - t2, judged: needed.length, written };
}
