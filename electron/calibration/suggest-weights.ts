import type { Db } from '../db/open';
import type { Agreement, WeightSuggestion } from '../../shared/api/calibration';
import type { Rubric, RubricKind } from '../../shared/scoring/rubric';
import { scoreCompact, scoresFromOutcomes } from '../scoring/bulk-scorer';
import { CompactFeatureSet } from '../scoring/compact-feature-set';
import { agreement } from './agreement';
import { applyWhatIf } from './calibrate';
import { loadCalibrationData } from './calibration-data';
import { activeRubric } from '../scoring/rubric-store';

const STEPS = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3];
/**
 * Fewest reviewed calls weights are fitted from. A rubric has about ten criteria, each searched
 * over nine weights: with fewer than twenty reviews that is two calls a weight, and the fitted
 * weights follow the particular calls reviewed more than the reviewers' standard.
 */
export const MIN_REVIEWS_FOR_WEIGHTS = 20;
/** Resamples of the reviewed calls for the intervals: enough for stable 5th and 95th percentiles of a grid value. */
const BOOTSTRAP = 200;
const HELD_OUT_FOLDS = 5;

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

interface Fit {
  rubric: Rubric;
  outcome: Uint8Array;
  manual: number[];
  n: number;
}

function mae(fit: Fit, weights: Record<string, number>, rows: readonly number[]): number {
  const score = scoresFromOutcomes(applyWhatIf(fit.rubric, { weights }), fit.outcome, fit.n);
  let s = 0;
  for (const r of rows) s += Math.abs((score[r] as number) - (fit.manual[r] as number));
  return s / Math.max(1, rows.length);
}

/**
 * Weights that bring the AI's scores closest to the manual ones (least mean absolute error) on
 * `rows` of the reviewed calls, by coordinate search over a small grid per criterion: the score is
 * not linear in the weights on a normalized scale, and a grid keeps every suggestion a round number.
 */
function searchWeights(fit: Fit, start: Record<string, number>, rows: readonly number[]): Record<string, number> {
  const weights = { ...start };
  let best = mae(fit, weights, rows);
  for (let pass = 0; pass < 3; pass++) {
    let improved = false;
    for (const c of fit.rubric.criteria) {
      for (const w of STEPS) {
        const trial = { ...weights, [c.id]: w };
        const err = mae(fit, trial, rows);
        if (err < best - 1e-9) {
          best = err;
          weights[c.id] = w;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return weights;
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] as number;
}

/**
 * Suggested weights, only from enough reviews, with how sure they are: a 90% bootstrap interval per
 * weight (the search re-run on resampled reviews), and the mean absolute error on reviews held out
 * of the fit (5-fold) beside the current weights' error on the same calls.
 */
export function suggestWeights(db: Db, kind: RubricKind): WeightSuggestion {
  const stored = activeRubric(db, kind);
  const data = loadCalibrationData(db, kind);
  const current: Record<string, number> = Object.fromEntries(stored.rubric.criteria.map((c) => [c.id, c.weight]));
  const reviews = data.reviewed.length;
  // Which criteria a reviewed call meets does not depend on the weights: score those calls once.
  const set = new CompactFeatureSet(data.reviewed.map((r) => (data.calls[r.index] as (typeof data.calls)[number]).features));
  const fit: Fit = { rubric: stored.rubric, outcome: scoreCompact(set, stored.rubric).outcome, manual: data.reviewed.map((r) => r.manual), n: reviews };
  const all = data.reviewed.map((_, i) => i);
  const agreementOf = (w: Record<string, number>): Agreement => agreement([...scoresFromOutcomes(applyWhatIf(stored.rubric, { weights: w }), fit.outcome, fit.n)], fit.manual);
  const currentAgreement = agreementOf(current);
  if (reviews < MIN_REVIEWS_FOR_WEIGHTS) {
    return {
      enough: false,
      reviews,
      minReviews: MIN_REVIEWS_FOR_WEIGHTS,
      message: `${reviews} reviewed call${reviews === 1 ? '' : 's'} for the ${kind} rubric: weights are suggested from ${MIN_REVIEWS_FOR_WEIGHTS} or more, so that they follow the reviewers' standard rather than the few calls reviewed`,
      weights: current,
      intervals: {},
      agreement: currentAgreement,
      current: currentAgreement,
      heldOut: null,
    };
  }
  const weights = searchWeights(fit, current, all);
  const rand = seeded(20240601);
  const draws = new Map<string, number[]>(stored.rubric.criteria.map((c) => [c.id, []]));
  for (let b = 0; b < BOOTSTRAP; b++) {
    const sample = all.map(() => Math.floor(rand() * reviews));
    const w = searchWeights(fit, current, sample);
    for (const c of stored.rubric.criteria) draws.get(c.id)?.push(w[c.id] as number);
  }
  const intervals = Object.fromEntries(
    [...draws].map(([id, xs]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return [id, { low: percentile(sorted, 0.05), high: percentile(sorted, 0.95) }];
    }),
  );
  // Held out: each fifth of the reviews scored by weights fitted on the other four fifths.
  const fold = all.map(() => Math.floor(rand() * HELD_OUT_FOLDS));
  let heldOutError = 0;
  for (let f = 0; f < HELD_OUT_FOLDS; f++) {
    const test = all.filter((i) => fold[i] === f);
    if (!test.length) continue;
    heldOutError += mae(fit, searchWeights(fit, current, all.filter((i) => fold[i] !== f)), test) * test.length;
  }
  const round = (x: number): number => Math.round(x * 100) / 100;
  const heldOut = { suggestedMae: round(heldOutError / reviews), currentMae: round(mae(fit, current, all)) };
  return {
    enough: true,
    reviews,
    minReviews: MIN_REVIEWS_FOR_WEIGHTS,
    message:
      `fitted on ${reviews} reviewed calls; on reviews held out of the fit the mean absolute error would be ${heldOut.suggestedMae} ` +
      `(current weights: ${heldOut.currentMae}); each weight shows its 90% bootstrap interval`,
    weights,
    intervals,
    agreement: agreementOf(weights),
    current: currentAgreement,
    heldOut,
  };
}
