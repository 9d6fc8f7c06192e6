import type { Db } from '../db/open';
import type { Calibration, WhatIf } from '../../shared/api/calibration';
import { bandFor } from '../../shared/scoring/bands';
import type { Rubric, RubricKind } from '../../shared/scoring/rubric';
import { CompactFeatureSet } from '../scoring/compact-feature-set';
import { MET, scoreCompact, type BulkScores } from '../scoring/bulk-scorer';
import { agreement } from './agreement';
import { loadCalibrationData, type CalibrationData } from './calibration-data';
import { activeRubric } from '../scoring/rubric-store';

const sets = new WeakMap<CalibrationData, CompactFeatureSet>();

/** The scoring module's columnar set, so a what-if re-scores every call in milliseconds. */
export function featureSet(data: CalibrationData): CompactFeatureSet {
  let set = sets.get(data);
  if (!set) {
    set = new CompactFeatureSet(data.calls.map((c) => c.features));
    sets.set(data, set);
  }
  return set;
}

export function applyWhatIf(rubric: Rubric, whatIf: WhatIf | undefined): Rubric {
  if (!whatIf) return rubric;
  return {
    ...rubric,
    bands: whatIf.bands ?? rubric.bands,
    criteria: rubric.criteria.map((c) => ({ ...c, weight: whatIf.weights?.[c.id] ?? c.weight })),
  };
}

const ORDER_SHOWN = 25;

export function calibrate(db: Db, kind: RubricKind, whatIf?: WhatIf): Calibration {
  const stored = activeRubric(db, kind);
  const rubric = applyWhatIf(stored.rubric, whatIf);
  const data = loadCalibrationData(db, kind);
  const set = featureSet(data);
  const before = scoreCompact(set, stored.rubric);
  const after = whatIf ? scoreCompact(set, rubric) : before;
  const ai = data.reviewed.map((r) => after.score[r.index] as number);
  const manual = data.reviewed.map((r) => r.manual);
  const call = (i: number): CalibrationData['calls'][number] => data.calls[i] as CalibrationData['calls'][number];

  const points = data.reviewed.map((r, k) => ({ call_id: call(r.index).call_id, ai: ai[k] as number, manual: r.manual }));
  const disagreements = data.reviewed
    .map((r, k) => ({ call_id: call(r.index).call_id, lead_id: call(r.index).lead_id, agent: call(r.index).agent, ai: ai[k] as number, manual: r.manual }))
    .map((d) => ({ ...d, diff: Math.round((d.ai - d.manual) * 10) / 10 }))
    .sort((x, y) => Math.abs(y.diff) - Math.abs(x.diff) || (x.call_id < y.call_id ? -1 : 1))
    .slice(0, 20);

  return {
    rubricId: stored.rubricId,
    version: stored.version,
    agreement: agreement(ai, manual),
    points,
    disagreements,
    perCriterion: perCriterion(rubric, data, after, set.n),
    order: order(data, before, after, rubric),
    moved: moved(before, after),
    bandCounts: bandCounts(after, rubric),
    toReview: toReview(data, after, rubric),
  };
}

function perCriterion(rubric: Rubric, data: CalibrationData, bulk: BulkScores, n: number): Calibration['perCriterion'] {
  return rubric.criteria.map((c, j) => {
    const cell = { id: c.id, bothMet: 0, aiOnly: 0, manualOnly: 0, neither: 0 };
    for (const r of data.reviewed) {
      const given = r.criteria.get(c.id);
      if (given === undefined) continue;
      const aiMet = bulk.outcome[j * n + r.index] === MET;
      const manualMet = c.points >= 0 ? given > 0 : given < 0;
      if (aiMet && manualMet) cell.bothMet++;
      else if (aiMet) cell.aiOnly++;
      else if (manualMet) cell.manualOnly++;
      else cell.neither++;
    }
    return cell;
  });
}

function rankOrder(scores: Float64Array): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
}

function order(data: CalibrationData, before: BulkScores, after: BulkScores, rubric: Rubric): Calibration['order'] {
  const beforeRank = new Map(rankOrder(before.score).map((i, pos) => [i, pos + 1]));
  return rankOrder(after.score)
    .slice(0, ORDER_SHOWN)
    .map((i) => {
      const c = data.calls[i] as CalibrationData['calls'][number];
      const score = after.score[i] as number;
      return { call_id: c.call_id, lead_id: c.lead_id, score, band: bandFor(score, rubric.bands), before: beforeRank.get(i) ?? 0 };
    });
}

function moved(before: BulkScores, after: BulkScores): number {
  const a = rankOrder(before.score);
  const b = rankOrder(after.score);
  return a.reduce((n, i, pos) => n + (b[pos] === i ? 0 : 1), 0);
}

function bandCounts(bulk: BulkScores, rubric: Rubric): Calibration['bandCounts'] {
  const counts = { hot: 0, warm: 0, cold: 0 };
  for (const s of bulk.score) counts[bandFor(s, rubric.bands)]++;
  return counts;
}

/** Unreviewed calls, taken in turn from each band, those nearest a band boundary (least certain) first. */
function toReview(data: CalibrationData, bulk: BulkScores, rubric: Rubric): Calibration['toReview'] {
  const reviewed = new Set(data.reviewed.map((r) => r.index));
  const byBand = new Map<string, { i: number; margin: number }[]>([['hot', []], ['warm', []], ['cold', []]]);
  bulk.score.forEach((s, i) => {
    if (reviewed.has(i)) return;
    const margin = Math.min(Math.abs(s - rubric.bands.hot), Math.abs(s - rubric.bands.warm));
    byBand.get(bandFor(s, rubric.bands))?.push({ i, margin });
  });
  for (const list of byBand.values()) list.sort((a, b) => a.margin - b.margin);
  const out: Calibration['toReview'] = [];
  for (let round = 0; out.length < 12; round++) {
    let took = false;
    for (const [band, list] of byBand) {
      const pick = list[round];
      if (!pick) continue;
      took = true;
      const c = data.calls[pick.i] as CalibrationData['calls'][number];
      out.push({ call_id: c.call_id, lead_id: c.lead_id, band, score: bulk.score[pick.i] as number });
    }
    if (!took) break;
  }
  return out;
}
