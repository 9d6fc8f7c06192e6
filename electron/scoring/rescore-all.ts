import type Database from 'better-sqlite3';
import type { CallFeatures } from '../../shared/scoring/call-features';
import type { RubricKind } from '../../shared/scoring/rubric';
import { cachedLlmVerdicts } from '../llm/cached-llm-verdicts';
import { explainCompact, scoreCompact, type BulkLlmVerdicts } from './bulk-scorer';
import { CompactFeatureSet } from './compact-feature-set';
import { refreshAllLeadScores } from './lead-score';
import { loadActiveRubrics, type StoredRubric } from './rubric-store';
import { scoreRow, UPSERT_SCORE } from './score-and-store';
import { ensureScoringSchema } from './scoring-schema';

export interface RescoreReport {
  calls: number;
  /** Reading and parsing stored features, and building the columnar set. */
  loadMs: number;
  /** Evaluating every active rubric on every call. */
  scoreMs: number;
  /** Building explanations and writing scores (in chunks of 2,000 calls) and lead scores. */
  writeMs: number;
}

export interface RescoreOptions {
  /** Only the active rubrics of these kinds (a saved lead rubric leaves QA scores as they are); default all. */
  kinds?: readonly RubricKind[];
  /** After each written chunk: calls written so far, of `total`. */
  onProgress?: (done: number, total: number) => void;
}

const WRITE_CHUNK = 2000;

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

/** Re-scores every analysed call from its stored features with the active rubrics; nothing is re-analysed. */
export function rescoreAll(db: Database.Database, options: RescoreOptions = {}): RescoreReport {
  ensureScoringSchema(db);
  const t0 = performance.now();
  const rows = db.prepare('SELECT call_id, features FROM calls WHERE features IS NOT NULL ORDER BY call_id').all() as Array<{
    call_id: string;
    features: string;
  }>;
  // Features were validated when written by analyseAndStoreCall; a full zod pass here would dominate the run.
  const set = new CompactFeatureSet(rows.map((r) => JSON.parse(r.features) as CallFeatures));
  const kinds = options.kinds ?? null;
  const rubrics = loadActiveRubrics(db).filter((r) => !kinds || kinds.includes(r.rubric.kind));
  const t1 = performance.now();
  const callIds = rows.map((r) => r.call_id);
  const results = rubrics.map((stored) => {
    const llm = cachedBulkVerdicts(db, stored, callIds);
    return { stored, llm, bulk: scoreCompact(set, stored.rubric, llm) };
  });
  const t2 = performance.now();
  const upsert = db.prepare(UPSERT_SCORE);
  const now = new Date().toISOString();
  // Short transactions, so the job runner's writes (busy timeout 5 s) interleave with a 100k-call re-score.
  const writeChunk = db.transaction((from: number, to: number) => {
    for (const { stored, llm, bulk } of results) {
      for (let i = from; i < to; i++) upsert.run(scoreRow((rows[i] as { call_id: string }).call_id, stored, explainCompact(set, stored.rubric, bulk, i, llm), now));
    }
  });
  for (let from = 0; from < rows.length; from += WRITE_CHUNK) {
    const to = Math.min(rows.length, from + WRITE_CHUNK);
    writeChunk(from, to);
    options.onProgress?.(to, rows.length);
  }
  // Lead scores follow the lead-kind call scores only.
  if (rubrics.some((r) => r.rubric.kind === 'lead')) db.transaction(() => refreshAllLeadScores(db))();
  const t3 = performance.now();
  return { calls: rows.length, loadMs: t1 - t0, scoreMs: t2 - t1, writeMs: t3 - t2 };
}
