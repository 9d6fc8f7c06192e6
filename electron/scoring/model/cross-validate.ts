import { fitModel, prepareTable, rawScores, subsetRows, type Algorithm, type ConversionModel, type PreparedTable } from './conversion-model';
import type { RawTable } from './dataset';
import { leakageWarnings, type LeakageWarning } from './leakage';
import {
  applyPlatt,
  atThreshold,
  bestF1Threshold,
  brierScore,
  fitPlatt,
  liftByDecile,
  precisionAtK,
  reliability,
  rocAuc,
  type ThresholdReport,
} from './metrics';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Stratified: each fold gets its share of positives, so a rare outcome still shows in every fold. */
export function stratifiedFolds(y: Uint8Array, k: number, seed = 42): Uint8Array {
  const rand = seeded(seed);
  const fold = new Uint8Array(y.length);
  for (const cls of [0, 1]) {
    const idx = Array.from(y.keys()).filter((i) => y[i] === cls);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
    idx.forEach((row, n) => (fold[row] = n % k));
  }
  return fold;
}

export interface EvaluationReport {
  algorithm: Algorithm;
  auc: number;
  aucByAlgorithm: Record<Algorithm, number>;
  foldAuc: number[];
  folds: number;
  rows: number;
  positives: number;
  threshold: ThresholdReport;
  precisionAtK: Array<{ k: number; precision: number }>;
  liftByDecile: ReturnType<typeof liftByDecile>;
  brier: number;
  brierUncalibrated: number;
  reliability: ReturnType<typeof reliability>;
  columns: { numeric: string[]; categorical: string[]; dropped: Array<{ name: string; reason: string }>; excluded: string[] };
  leakageWarnings: LeakageWarning[];
}

interface OutOfFold {
  raw: Float64Array;
  foldAuc: number[];
}

function outOfFold(prepared: PreparedTable, y: Uint8Array, folds: Uint8Array, k: number, algorithm: Algorithm): OutOfFold {
  const raw = new Float64Array(y.length);
  const foldAuc: number[] = [];
  for (let f = 0; f < k; f++) {
    const train = Array.from(y.keys()).filter((i) => folds[i] !== f);
    const test = Array.from(y.keys()).filter((i) => folds[i] === f);
    const model = fitModel(prepared, subsetRows(prepared.table.values, train), Uint8Array.from(train, (i) => y[i] as number), algorithm);
    const s = rawScores(model, subsetRows(prepared.table.values, test), test.length);
    test.forEach((row, j) => (raw[row] = s[j] as number));
    foldAuc.push(rocAuc(s, Uint8Array.from(test, (i) => y[i] as number)));
  }
  return { raw, foldAuc };
}

export interface EvaluateOptions {
  folds?: number;
  exclude?: string[];
  algorithms?: Algorithm[];
  threshold?: number;
}

export interface Evaluation {
  report: EvaluationReport;
  prepared: PreparedTable;
  /** Calibration fitted on the chosen algorithm's out-of-fold scores. */
  calibration: { a: number; b: number };
}

/** k-fold CV of each algorithm; the best by AUC is reported in full and its out-of-fold scores calibrate it. */
export function evaluate(table: RawTable, y: Uint8Array, opts: EvaluateOptions = {}): Evaluation {
  const k = opts.folds ?? 5;
  const positives = y.reduce((a, b) => a + b, 0);
  if (positives < k || y.length - positives < k) throw new Error(`need at least ${k} rows of each outcome for ${k}-fold CV`);
  const prepared = prepareTable(table, opts.exclude);
  const folds = stratifiedFolds(y, k);
  const algorithms = opts.algorithms ?? ['gbdt', 'logistic'];
  const results = new Map<Algorithm, OutOfFold>();
  for (const a of algorithms) results.set(a, outOfFold(prepared, y, folds, k, a));
  // An algorithm that was not cross-validated this time reports null in JSON (NaN).
  const aucByAlgorithm = { gbdt: NaN, logistic: NaN } as Record<Algorithm, number>;
  for (const [a, r] of results) aucByAlgorithm[a] = rocAuc(r.raw, y);
  const algorithm = [...results.keys()].sort((a, b) => aucByAlgorithm[b] - aucByAlgorithm[a])[0] as Algorithm;
  const chosen = results.get(algorithm) as OutOfFold;
  const calibration = fitPlatt(chosen.raw, y);
  const p = chosen.raw.map((s) => applyPlatt(calibration, s));
  const threshold = opts.threshold !== undefined ? atThreshold(p, y, opts.threshold) : bestF1Threshold(p, y);
  const topK = [...new Set([10, 100, Math.round(y.length / 10)])].filter((kk) => kk > 0 && kk <= y.length).sort((a, b) => a - b);
  return {
    prepared,
    calibration,
    report: {
      algorithm,
      auc: aucByAlgorithm[algorithm],
      aucByAlgorithm,
      foldAuc: chosen.foldAuc,
      folds: k,
      rows: y.length,
      positives,
      threshold,
      precisionAtK: topK.map((kk) => ({ k: kk, precision: precisionAtK(p, y, kk) })),
      liftByDecile: liftByDecile(p, y),
      brier: brierScore(p, y),
      brierUncalibrated: brierScore(chosen.raw.map((s) => 1 / (1 + Math.exp(-s))), y),
      reliability: reliability(p, y),
      columns: {
        numeric: prepared.columns.filter((c) => c.kind === 'numeric').map((c) => c.name),
        categorical: prepared.columns.filter((c) => c.kind === 'categorical').map((c) => c.name),
        dropped: prepared.dropped,
        excluded: opts.exclude ?? [],
      },
      leakageWarnings: leakageWarnings(prepared.columns, prepared.table.values, y),
    },
  };
}

/** Evaluates, then fits the chosen algorithm on every row and attaches the out-of-fold calibration. */
export function trainWithReport(table: RawTable, y: Uint8Array, opts: EvaluateOptions = {}): { model: ConversionModel; evaluation: Evaluation } {
  const evaluation = evaluate(table, y, opts);
  const model = fitModel(evaluation.prepared, evaluation.prepared.table.values, y, evaluation.report.algorithm);
  return { model: { ...model, calibration: evaluation.calibration }, evaluation };
}
