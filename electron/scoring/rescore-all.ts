import type Database from 'better-sqlite3';
import type { CallFeatures } from '../../shared/scoring/call-features';
import { explainCompact, scoreCompact } from './bulk-scorer';
import { CompactFeatureSet } from './compact-feature-set';
import { refreshAllLeadScores } from './lead-score';
import { loadActiveRubrics } from './rubric-store';
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

const WRITE_CHUNK = 2000;

/** Re-scores every analysed call from its stored features with the active rubrics; nothing is re-analysed. */
export function rescoreAll(db: Database.Database): RescoreReport {
  ensureScoringSchema(db);
  const t0 = performance.now();
  const rows = db.prepare('SELECT call_id, features FROM calls WHERE features IS NOT NULL ORDER BY call_id').all() as Array<{
    call_id: string;
    features: string;
  }>;
  // Features were validated when written by analyseAndStoreCall; a full zod pass here would dominate the run.
  const set = new CompactFeatureSet(rows.map((r) => JSON.parse(r.features) as CallFeatures));
  const rubrics = loadActiveRubrics(db);
  const t1 = performance.now();
  const results = rubrics.map((stored) => ({ stored, bulk: scoreCompact(set, stored.rubric) }));
  const t2 = performance.now();
  const upsert = db.prepare(UPSERT_SCORE);
  const now = new Date().toISOString();
  // Short transactions, so the job runner's writes (busy timeout 5 s) interleave with a 100k-call re-score.
  const writeChunk = db.transaction((from: number, to: number) => {
    for (const { stored, bulk } of results) {
      for (let i = from; i < to; i++) upsert.run(scoreRow((rows[i] as { call_id: string }).call_id, stored, explainCompact(set, stored.rubric, bulk, i), now));
    }
  });
  for (let from = 0; from < rows.length; from += WRITE_CHUNK) writeChunk(from, Math.min(rows.length, from + WRITE_CHUNK));
  db.transaction(() => refreshAllLeadScores(db))();
  const t3 = performance.now();
  return { calls: rows.length, loadMs: t1 - t0, scoreMs: t2 - t1, writeMs: t3 - t2 };
}
