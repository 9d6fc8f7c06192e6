import { describe, expect, it } from 'vitest';
import { binTable, explainRow, fitModel, prepareTable, rawScores } from '../../../../electron/scoring/model/conversion-model';
import { gbdtContributions } from '../../../../electron/scoring/model/gbdt';
import { evaluate, stratifiedFolds, trainWithReport } from '../../../../electron/scoring/model/cross-validate';
import type { RawTable, RawValue } from '../../../../electron/scoring/model/dataset';
import { rocAuc } from '../../../../electron/scoring/model/metrics';
import { rng } from '../../../bench/scoring-synthetic-calls';

function table(columns: Record<string, RawValue[]>): RawTable {
  const names = Object.keys(columns);
  return { columns: names, values: names.map((n) => columns[n] ?? []), rows: columns[names[0] ?? '']?.length ?? 0 };
}

describe('logistic regression', () => {
  it('recovers the coefficients that generated the data', () => {
    const r = rng(5);
    const a: number[] = [];
    const b: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x1 = r() * 4 - 2;
      const x2 = r() * 4 - 2;
      a.push(x1);
      b.push(x2);
      y.push(r() < 1 / (1 + Math.exp(-(1.5 * x1 - 0.8 * x2 + 0.3))) ? 1 : 0);
    }
    const t = table({ a, b });
    const prepared = prepareTable(t);
    const model = fitModel(prepared, prepared.table.values, Uint8Array.from(y), 'logistic');
    const lr = model.logistic;
    if (!lr) throw new Error('no logistic model');
    // Weights are per standard deviation; the data's sd is 4/sqrt(12).
    const sd = 4 / Math.sqrt(12);
    expect((lr.weights[0] ?? 0) / sd).toBeCloseTo(1.5, 1);
    expect((lr.weights[2] ?? 0) / sd).toBeCloseTo(-0.8, 1);
    expect(lr.intercept).toBeCloseTo(0.3 + 1.5 * 0 - 0.8 * 0, 1);
  });
});

describe('gradient-boosted trees', () => {
  it('learns an interaction (XOR) that a linear model cannot, with categories and missing values', () => {
    const r = rng(9);
    const x1: RawValue[] = [];
    const colour: RawValue[] = [];
    const noisy: RawValue[] = [];
    const y: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const a = r() < 0.5;
      const c = ['red', 'green', 'blue', 'teal'][Math.floor(r() * 4)] ?? 'red';
      const warm = c === 'red' || c === 'teal';
      // Missing x1 carries its own signal: such rows mostly convert.
      const missing = r() < 0.1;
      x1.push(missing ? '' : a ? 1 + r() : -1 - r());
      colour.push(c);
      noisy.push(r());
      const label = missing ? r() < 0.9 : a !== warm ? r() < 0.9 : r() < 0.1;
      y.push(label ? 1 : 0);
    }
    const t = table({ x1, colour, noisy });
    const ys = Uint8Array.from(y);
    const report = evaluate(t, ys, { folds: 4 }).report;
    expect(report.aucByAlgorithm.gbdt).toBeGreaterThan(0.85);
    expect(report.aucByAlgorithm.logistic).toBeLessThan(0.75);
    expect(report.algorithm).toBe('gbdt');
    expect(report.columns.numeric).toEqual(['x1', 'noisy']);
    expect(report.columns.categorical).toEqual(['colour']);
  });

  it('explanations are signed and add up to the raw score', () => {
    const r = rng(21);
    const spend: RawValue[] = [];
    const y: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const s = r() * 100;
      spend.push(s);
      y.push(r() < s / 100 ? 1 : 0);
    }
    const t = table({ spend, junk: spend.map(() => (r() < 0.5 ? 'a' : 'b')) });
    const { model } = trainWithReport(t, Uint8Array.from(y), { folds: 3, algorithms: ['gbdt'] });
    const rowHigh = spend.findIndex((s) => (s as number) > 95);
    const rowLow = spend.findIndex((s) => (s as number) < 5);
    const high = explainRow(model, t, rowHigh);
    const low = explainRow(model, t, rowLow);
    expect(high[0]).toMatchObject({ feature: 'spend' });
    expect(high[0]?.contribution).toBeGreaterThan(0);
    expect(low[0]?.contribution).toBeLessThan(0);
    const raw = rawScores(model, t);
    expect(raw[rowHigh]).toBeGreaterThan(raw[rowLow] as number);
    expect(rocAuc(raw, y)).toBeGreaterThan(0.7);
    if (!model.gbdt) throw new Error('expected trees');
    const bins = binTable(model.columns, t.values);
    for (const row of [rowHigh, rowLow, 7]) {
      const { bias, contributions } = gbdtContributions(model.gbdt, bins, row);
      expect(bias + contributions.reduce((a, b) => a + b, 0)).toBeCloseTo(raw[row] as number, 9);
    }
  });
});

describe('cross-validation and leakage', () => {
  it('stratified folds spread the positives evenly', () => {
    const y = Uint8Array.from({ length: 103 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const folds = stratifiedFolds(y, 5);
    const pos = [0, 0, 0, 0, 0];
    y.forEach((v, i) => (pos[folds[i] as number] = (pos[folds[i] as number] as number) + v));
    expect(Math.max(...pos) - Math.min(...pos)).toBeLessThanOrEqual(1);
  });

  it('warns about a column that is the outcome in disguise and drops identifiers', () => {
    const r = rng(4);
    const y = Array.from({ length: 300 }, () => (r() < 0.4 ? 1 : 0));
    const t = table({
      lead_id: y.map((_, i) => `L${i}`),
      visits: y.map((v) => Math.round(r() * 10 + v * 3)),
      crm_stage: y.map((v) => (v ? 'Closed won' : r() < 0.5 ? 'Closed lost' : 'Lost to competitor')),
    });
    const report = evaluate(t, Uint8Array.from(y), { folds: 3 }).report;
    expect(report.columns.dropped.map((d) => d.name)).toEqual(['lead_id']);
    expect(report.leakageWarnings.map((w) => w.column)).toEqual(['crm_stage']);
    expect(report.leakageWarnings[0]?.reason).toMatch(/alone separates/);
    const without = evaluate(t, Uint8Array.from(y), { folds: 3, exclude: ['crm_stage'] }).report;
    expect(without.auc).toBeLessThan(report.auc);
    expect(without.columns.excluded).toEqual(['crm_stage']);
  });
});
