import type Database from 'better-sqlite3';
import { phraseKey, scoreCompact, type BulkScores } from '../../electron/scoring/bulk-scorer';
import { CompactFeatureSet } from '../../electron/scoring/compact-feature-set';
import { findPhrase, rangeText } from '../../electron/scoring/evaluate-criterion';
import { loadActiveRubrics } from '../../electron/scoring/rubric-store';
import { pointsFor, scoreResult } from '../../electron/scoring/score-call';
import type { CallFeatures } from '../../shared/scoring/call-features';
import type { Criterion, Rubric, RubricKind } from '../../shared/scoring/rubric';
import type { CriterionEvidence, CriterionOutcome, ScoreResult } from '../../shared/scoring/score-result';

/**
 * The re-score as it was before migration 0220, kept here only as the benchmark's baseline: on a
 * database at the older layout (a JSON explanation per score row), it reads and parses every
 * call's features, scores them column-wise, and writes every row with its explanation built.
 * (Calls without LLM questions; the bench rubrics ask none.)
 */
const OUTCOMES: CriterionOutcome[] = ['not_met', 'met', 'not_applicable'];
const WRITE_CHUNK = 2000;

function evidenceFor(set: CompactFeatureSet, c: Criterion, i: number, o: number): CriterionEvidence[] {
  if (o === 2) return [{ kind: 'none', note: c.type === 'llm_question' ? 'answered by the LLM integration' : 'not applicable' }];
  switch (c.type) {
    case 'feature':
      return [{ kind: 'value', feature: c.feature, value: set.numbers(c.feature)?.[i] ?? null, compared: rangeText(c.min, c.max) }];
    case 'attribute':
      return [
        { kind: 'value', feature: `caller.${c.attribute}`, value: set.rawKey(c.attribute, i), compared: c.in ? `in [${c.in.join(', ')}]` : `= ${String(c.equals)}` },
      ];
    case 'intent': {
      const ev = set.intentEvidence(c.intent, i);
      if (!ev?.length) return [{ kind: 'none', note: ev ? 'detected' : 'not detected' }];
      return ev.map((e) => ({ kind: 'quote', quote: e.quote, start: e.start, speaker: e.speaker }));
    }
    case 'phrase': {
      const at = set.phraseHitsFor(phraseKey(c), () => -1)[i] ?? -1;
      const turn = at >= 0 ? set.turns[i]?.[at] : undefined;
      const hit = turn ? findPhrase([turn], c.phrases, c.speaker) : null;
      return hit ? [{ kind: 'quote', quote: hit.quote, start: hit.start, speaker: hit.speaker }] : [{ kind: 'none', note: 'not said' }];
    }
    case 'llm_question':
      return [];
  }
}

function explainCompact(set: CompactFeatureSet, rubric: Rubric, bulk: BulkScores, i: number): ScoreResult {
  const criteria = rubric.criteria.map((c, j) => {
    const o = bulk.outcome[j * set.n + i] as number;
    const outcome = OUTCOMES[o] ?? 'not_applicable';
    return { id: c.id, type: c.type, description: c.description, outcome, ...pointsFor(c, outcome), evidence: evidenceFor(set, c, i, o) };
  });
  return scoreResult(rubric, bulk.score[i] as number, criteria);
}

export function todayRescoreAll(db: Database.Database, kinds: readonly RubricKind[]): { loadMs: number; scoreMs: number; writeMs: number } {
  const t0 = performance.now();
  const rows = db.prepare('SELECT call_id, features FROM calls WHERE features IS NOT NULL ORDER BY call_id').all() as { call_id: string; features: string }[];
  const set = new CompactFeatureSet(rows.map((r) => JSON.parse(r.features) as CallFeatures));
  const rubrics = loadActiveRubrics(db).filter((r) => kinds.includes(r.rubric.kind));
  const t1 = performance.now();
  const results = rubrics.map((stored) => ({ stored, bulk: scoreCompact(set, stored.rubric) }));
  const t2 = performance.now();
  const upsert = db.prepare(`
    INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, breakdown, scored_at)
    VALUES (@call_id, @kind, @rubric_id, @score, @band, @qualified, @breakdown, @scored_at)
    ON CONFLICT (call_id, kind) DO UPDATE SET
      rubric_id = excluded.rubric_id, score = excluded.score, band = excluded.band,
      qualified = excluded.qualified, breakdown = excluded.breakdown, scored_at = excluded.scored_at`);
  const now = new Date().toISOString();
  const writeChunk = db.transaction((from: number, to: number) => {
    for (const { stored, bulk } of results)
      for (let i = from; i < to; i++) {
        const result = explainCompact(set, stored.rubric, bulk, i);
        upsert.run({
          call_id: (rows[i] as { call_id: string }).call_id,
          kind: result.kind,
          rubric_id: stored.rubricId,
          score: result.score,
          band: result.band,
          qualified: result.qualified ? 1 : 0,
          breakdown: JSON.stringify({ rubricVersion: stored.version, rubricName: result.rubricName, criteria: result.criteria }),
          scored_at: now,
        });
      }
  });
  for (let from = 0; from < rows.length; from += WRITE_CHUNK) writeChunk(from, Math.min(rows.length, from + WRITE_CHUNK));
  return { loadMs: t1 - t0, scoreMs: t2 - t1, writeMs: performance.now() - t2 };
}
