import { binTable, explainRow, fitModel, prepareTable, structuredScores, subsetRows, type Algorithm, type ConversionModel, type PreparedTable } from './conversion-model';
import type { RawTable } from './dataset';
import { fitStack, stackOutOfFold, type Stack } from './stack';
import { buildRoleCorpus, TEXT_ROLES, type LeadTexts, type RoleCorpus, type TextRole } from './text-features';
import { fitTextPart, strongestPhrases, textOutOfFold, type TextPart } from './text-model';
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
  /** Out-of-fold AUC of each base model and of their stack (text parts only when the leads have words). */
  parts: Array<{ part: string; auc: number }>;
  /** Whether the model uses the stack (words and structure); false when the words did not raise the out-of-fold AUC. */
  stacked: boolean;
  /** Per role with words: how many leads said anything and how many phrases the vocabulary kept (on all rows). */
  text: Array<{ role: TextRole; leadsWithText: number; phrases: number }>;
  /** Filled in by the final fit: the strongest features (columns by mean |contribution|, phrases by weight). */
  topFeatures: Array<{ feature: string; weight: number }>;
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
    const s = structuredScores(model, subsetRows(prepared.table.values, test), test.length);
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
  /** Each row's words per speaker role: when given, text models are stacked with the structured one. */
  texts?: readonly LeadTexts[];
  /** Seed of the fold assignment (the app always uses the default, so runs repeat exactly). */
  seed?: number;
}

/** A role whose words are worth a model: enough leads said something. */
interface TextBase {
  corpus: RoleCorpus;
  oof: Float64Array;
}

export interface Evaluation {
  report: EvaluationReport;
  prepared: PreparedTable;
  /** Calibration fitted on the final (stacked, when there is text) out-of-fold scores. */
  calibration: { a: number; b: number };
  /** Calibrated out-of-fold probability of every row: what the model said of each lead without having seen it. */
  outOfFold: Float64Array;
  /** The out-of-fold base scores the final stack is fitted on. */
  stacking: { parts: string[]; base: Float64Array[]; text: TextBase[] } | null;
}

/** Leads that said anything in a role, of all rows: below this a role's words are not modelled. */
const MIN_LEADS_WITH_TEXT = 10;

function textBases(texts: readonly LeadTexts[], y: Uint8Array, folds: Uint8Array, k: number): TextBase[] {
  const bases: TextBase[] = [];
  for (const role of TEXT_ROLES) {
    const withText = texts.reduce((n, t) => n + (t[role].length > 0 ? 1 : 0), 0);
    if (withText < MIN_LEADS_WITH_TEXT) continue;
    const corpus = buildRoleCorpus(role, texts);
    if (corpus.names.length === 0) continue;
    bases.push({ corpus, oof: textOutOfFold(corpus, y, folds, k) });
  }
  return bases;
}

const partName = (role: TextRole): string => `${role} words`;

/**
 * k-fold CV of each structured algorithm (the best by AUC is kept) and, when rows have words, of
 * a text model per speaker role; the bases are then stacked, cross-fitted on the same folds. The
 * final out-of-fold scores are reported in full and calibrate the model.
 */
export function evaluate(table: RawTable, y: Uint8Array, opts: EvaluateOptions = {}): Evaluation {
  const k = opts.folds ?? 5;
  const positives = y.reduce((a, b) => a + b, 0);
  if (positives < k || y.length - positives < k) throw new Error(`need at least ${k} rows of each outcome for ${k}-fold CV`);
  if (opts.texts && opts.texts.length !== y.length) throw new Error(`texts for ${opts.texts.length} rows, outcomes for ${y.length}`);
  const prepared = prepareTable(table, opts.exclude);
  const folds = stratifiedFolds(y, k, opts.seed);
  const algorithms = opts.algorithms ?? ['gbdt', 'logistic'];
  const results = new Map<Algorithm, OutOfFold>();
  for (const a of algorithms) results.set(a, outOfFold(prepared, y, folds, k, a));
  // An algorithm that was not cross-validated this time reports null in JSON (NaN).
  const aucByAlgorithm = { gbdt: NaN, logistic: NaN } as Record<Algorithm, number>;
  for (const [a, r] of results) aucByAlgorithm[a] = rocAuc(r.raw, y);
  const algorithm = [...results.keys()].sort((a, b) => aucByAlgorithm[b] - aucByAlgorithm[a])[0] as Algorithm;
  const chosen = results.get(algorithm) as OutOfFold;
  const parts = [{ part: `structured (${algorithm})`, auc: aucByAlgorithm[algorithm] }];
  const text = opts.texts ? textBases(opts.texts, y, folds, k) : [];
  let raw = chosen.raw;
  let stacking: Evaluation['stacking'] = null;
  if (text.length) {
    const names = [parts[0]?.part as string, ...text.map((t) => partName(t.corpus.role))];
    const base = [chosen.raw, ...text.map((t) => t.oof)];
    for (const t of text) parts.push({ part: partName(t.corpus.role), auc: rocAuc(t.oof, y) });
    const stacked = stackOutOfFold(names, base, y, folds, k);
    const stackedAuc = rocAuc(stacked, y);
    parts.push({ part: 'stacked', auc: stackedAuc });
    // Words that add nothing out-of-fold are left out, as the weaker structured algorithm is.
    if (stackedAuc > aucByAlgorithm[algorithm]) {
      raw = stacked;
      stacking = { parts: names, base, text };
    }
  }
  const calibration = fitPlatt(raw, y);
  const p = raw.map((s) => applyPlatt(calibration, s));
  const threshold = opts.threshold !== undefined ? atThreshold(p, y, opts.threshold) : bestF1Threshold(p, y);
  const topK = [...new Set([10, 100, Math.round(y.length / 10)])].filter((kk) => kk > 0 && kk <= y.length).sort((a, b) => a - b);
  const foldAuc = stacking
    ? Array.from({ length: k }, (_, f) => {
        const rows = Array.from(y.keys()).filter((i) => folds[i] === f);
        return rocAuc(Float64Array.from(rows, (i) => raw[i] as number), Uint8Array.from(rows, (i) => y[i] as number));
      })
    : chosen.foldAuc;
  return {
    prepared,
    calibration,
    outOfFold: p,
    stacking,
    report: {
      algorithm,
      auc: rocAuc(raw, y),
      aucByAlgorithm,
      foldAuc,
      folds: k,
      rows: y.length,
      positives,
      threshold,
      precisionAtK: topK.map((kk) => ({ k: kk, precision: precisionAtK(p, y, kk) })),
      liftByDecile: liftByDecile(p, y),
      brier: brierScore(p, y),
      brierUncalibrated: brierScore(raw.map((s) => 1 / (1 + Math.exp(-s))), y),
      reliability: reliability(p, y),
      columns: {
        numeric: prepared.columns.filter((c) => c.kind === 'numeric').map((c) => c.name),
        categorical: prepared.columns.filter((c) => c.kind === 'categorical').map((c) => c.name),
        dropped: prepared.dropped,
        excluded: opts.exclude ?? [],
      },
      leakageWarnings: leakageWarnings(prepared.columns, prepared.table.values, y),
      parts,
      stacked: stacking !== null,
      text: text.map((t) => ({
        role: t.corpus.role,
        leadsWithText: (opts.texts ?? []).reduce((n, x) => n + (x[t.corpus.role].length > 0 ? 1 : 0), 0),
        phrases: 0,
      })),
      topFeatures: [],
    },
  };
}

/** Rows explained to rank the columns by mean |contribution|: enough for a stable order, cheap on big tables. */
const IMPORTANCE_SAMPLE = 2000;

function topFeatures(model: ConversionModel, values: PreparedTable['table']['values'], rows: number, top = 10): EvaluationReport['topFeatures'] {
  const step = Math.max(1, Math.floor(rows / IMPORTANCE_SAMPLE));
  const sum = new Map<string, number>();
  let n = 0;
  const bins = binTable(model.columns, values);
  const structuredOnly: ConversionModel = { ...model, stack: null, text: [] };
  for (let r = 0; r < rows; r += step) {
    for (const reason of explainRow(structuredOnly, { values, rows }, r, model.columns.length, bins)) sum.set(reason.feature, (sum.get(reason.feature) ?? 0) + Math.abs(reason.contribution));
    n++;
  }
  const scale = model.stack ? Math.abs(model.stack.weights[0] ?? 0) : 1;
  const columns = [...sum].map(([feature, s]) => ({ feature, weight: (scale * s) / Math.max(1, n) }));
  const phrases = (model.text ?? []).flatMap((part, p) =>
    strongestPhrases(part, model.stack?.weights[p + 1] ?? 0, top).map((x) => ({ feature: `${x.role}: "${x.phrase}"`, weight: x.weight })),
  );
  // Words always said together get exactly the same weight (their columns are identical): one stands for the utterance.
  const listed: Array<{ feature: string; weight: number }> = [];
  const role = (f: string): string => /^(\w+): "/.exec(f)?.[1] ?? '';
  for (const f of [...columns, ...phrases].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))) {
    if (listed.length >= top) break;
    const twin = role(f.feature) !== '' && listed.some((l) => role(l.feature) === role(f.feature) && Math.abs(l.weight - f.weight) < 1e-9);
    if (!twin) listed.push(f);
  }
  return listed.map((f) => ({ feature: f.feature, weight: Math.round(f.weight * 1000) / 1000 }));
}

/** Evaluates, then fits every base model on all rows, the stack on their out-of-fold scores, and the out-of-fold calibration. */
export function trainWithReport(table: RawTable, y: Uint8Array, opts: EvaluateOptions = {}): { model: ConversionModel; evaluation: Evaluation } {
  const evaluation = evaluate(table, y, opts);
  const structured = fitModel(evaluation.prepared, evaluation.prepared.table.values, y, evaluation.report.algorithm);
  let text: TextPart[] = [];
  let stack: Stack | null = null;
  const all = Array.from(y.keys());
  if (evaluation.stacking) {
    text = evaluation.stacking.text.map((t) => fitTextPart(t.corpus, y, all));
    stack = fitStack(evaluation.stacking.parts, evaluation.stacking.base, y);
    evaluation.report.text = evaluation.report.text.map((t, i) => ({ ...t, phrases: text[i]?.grams.length ?? 0 }));
  }
  const model: ConversionModel = { ...structured, text, stack, calibration: evaluation.calibration };
  evaluation.report.topFeatures = topFeatures(model, evaluation.prepared.table.values, y.length);
  return { model, evaluation };
}
