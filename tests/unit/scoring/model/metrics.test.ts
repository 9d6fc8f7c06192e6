import { describe, expect, it } from 'vitest';
import { applyPlatt, atThreshold, brierScore, fitPlatt, liftByDecile, precisionAtK, reliability, rocAuc } from '../../../../electron/scoring/model/metrics';
import { rng } from '../../../bench/scoring-synthetic-calls';

describe('metrics against known values', () => {
  it('AUC matches the textbook example and handles ties', () => {
    // scikit-learn's roc_auc_score docs example: 0.75.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 10);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBeCloseTo(0.5, 10);
    expect(rocAuc([1, 2, 3], [0, 1, 1])).toBe(1);
    expect(rocAuc([1, 2], [1, 1])).toBeNaN();
  });

  it('precision, recall, F1, precision at k, Brier and lift', () => {
    const p = [0.9, 0.8, 0.7, 0.2, 0.1];
    const y = [1, 0, 1, 1, 0];
    expect(atThreshold(p, y, 0.5)).toEqual({ threshold: 0.5, precision: 2 / 3, recall: 2 / 3, f1: 2 / 3 });
    expect(precisionAtK(p, y, 2)).toBe(0.5);
    expect(brierScore(p, y)).toBeCloseTo((0.01 + 0.64 + 0.09 + 0.64 + 0.01) / 5, 12);
    const ys = Array.from({ length: 100 }, (_, i) => (i < 10 ? 1 : 0));
    const ps = Array.from({ length: 100 }, (_, i) => 1 - i / 100);
    const lift = liftByDecile(ps, ys);
    expect(lift[0]).toEqual({ decile: 1, rows: 10, rate: 1, lift: 10 });
    expect(lift[9]?.lift).toBe(0);
    expect(reliability([0.05, 0.15, 0.95], [0, 0, 1]).map((b) => b.rows)).toEqual([1, 1, 1]);
  });

  it('Platt scaling recovers the slope and intercept that generated the labels', () => {
    const r = rng(3);
    const raw: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 40_000; i++) {
      const x = r() * 8 - 4;
      raw.push(x);
      y.push(r() < 1 / (1 + Math.exp(-(0.5 * x - 1))) ? 1 : 0);
    }
    const c = fitPlatt(raw, y);
    expect(c.a).toBeCloseTo(0.5, 1);
    expect(c.b).toBeCloseTo(-1, 1);
    expect(applyPlatt(c, 2)).toBeCloseTo(0.5, 1);
  });
});
