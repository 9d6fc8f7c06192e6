import type { Db } from '../db/open';
import type { Agreement } from '../../shared/api/calibration';
import type { RubricKind } from '../../shared/scoring/rubric';
import { scoreCompact } from '../scoring/bulk-scorer';
import { agreement } from './agreement';
import { applyWhatIf, featureSet } from './calibrate';
import { loadCalibrationData } from './calibration-data';
import { activeRubric } from '../scoring/rubric-store';

const STEPS = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3];

/**
 * Weights that bring the AI's scores closest to the manual ones (least mean absolute error), by
 * coordinate search over a small grid per criterion: the score is not linear in the weights on a
 * normalized scale, and a grid keeps every suggestion a round number a supervisor can read.
 */
export function suggestWeights(db: Db, kind: RubricKind): { weights: Record<string, number>; agreement: Agreement } {
  const stored = activeRubric(db, kind);
  const data = loadCalibrationData(db, kind);
  const set = featureSet(data);
  const weights: Record<string, number> = Object.fromEntries(stored.rubric.criteria.map((c) => [c.id, c.weight]));
  const evaluate = (w: Record<string, number>): { mae: number; ai: number[] } => {
    const bulk = scoreCompact(set, applyWhatIf(stored.rubric, { weights: w }));
    const ai = data.reviewed.map((r) => bulk.score[r.index] as number);
    const mae = ai.reduce((s, x, k) => s + Math.abs(x - (data.reviewed[k]?.manual ?? 0)), 0) / Math.max(1, ai.length);
    return { mae, ai };
  };
  let best = evaluate(weights).mae;
  if (data.reviewed.length > 0) {
    for (let pass = 0; pass < 3; pass++) {
      let improved = false;
      for (const c of stored.rubric.criteria) {
        for (const w of STEPS) {
          const trial = { ...weights, [c.id]: w };
          const mae = evaluate(trial).mae;
          if (mae < best - 1e-9) {
            best = mae;
            weights[c.id] = w;
            improved = true;
          }
        }
      }
      if (!improved) break;
    }
  }
  const { ai } = evaluate(weights);
  return { weights, agreement: agreement(ai, data.reviewed.map((r) => r.manual)) };
}
