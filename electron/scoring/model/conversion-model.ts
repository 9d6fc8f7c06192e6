import { binColumn, binCount, describeBin, fitBins, type ColumnBins } from './bin-mapper';
import { detectColumns, type ColumnInfo, type DroppedColumn, type RawTable, type RawValue } from './dataset';
import { defaultGbdtParams, gbdtContributions, gbdtRawScore, trainGbdt, type GbdtModel } from './gbdt';
import { logisticContributions, logisticRawScores, trainLogistic, type LogisticModel } from './logistic';
import { applyPlatt, type PlattScaling } from './metrics';
import { stackScores, type Stack } from './stack';
import type { LeadTexts } from './text-features';
import { phraseContributions, textPartScores, type TextPart } from './text-model';

export type Algorithm = 'gbdt' | 'logistic';

export interface ConversionModel {
  algorithm: Algorithm;
  columns: ColumnBins[];
  gbdt: GbdtModel | null;
  logistic: LogisticModel | null;
  /** One model per speaker role's words, stacked with the structured one (absent on models stored before text). */
  text?: TextPart[];
  /** Combines the structured score and the text scores; null or absent when there is no text part. */
  stack?: Stack | null;
  /** Maps the raw score to a calibrated probability; fitted on out-of-fold scores. */
  calibration: PlattScaling;
}

/** The rows a model scores: its columns' values and, for a model that reads words, each row's texts. */
export interface ModelInput {
  values: RawValue[][];
  rows: number;
  texts?: readonly LeadTexts[] | undefined;
}

export interface PreparedTable {
  table: RawTable;
  columns: ColumnInfo[];
  dropped: DroppedColumn[];
}

/** Keeps the usable columns (type-detected, identifiers and constants dropped, exclusions honoured). */
export function prepareTable(table: RawTable, exclude: readonly string[] = []): PreparedTable {
  const excluded = new Set(exclude.map((e) => e.trim().toLowerCase()));
  const keep = table.columns.map((c, i) => [c, i] as const).filter(([c]) => !excluded.has(c.toLowerCase()));
  const narrowed: RawTable = { columns: keep.map(([c]) => c), values: keep.map(([, i]) => table.values[i] ?? []), rows: table.rows };
  const { columns, dropped } = detectColumns(narrowed);
  const kept = new Set(columns.map((c) => c.name));
  return {
    table: {
      columns: columns.map((c) => c.name),
      values: narrowed.columns.map((c, i) => [c, i] as const).filter(([c]) => kept.has(c)).map(([, i]) => narrowed.values[i] ?? []),
      rows: table.rows,
    },
    columns,
    dropped,
  };
}

export function subsetRows(values: RawValue[][], rows: ArrayLike<number>): RawValue[][] {
  return values.map((col) => Array.from(rows, (r) => col[r] ?? null));
}

export function binTable(columns: ColumnBins[], values: RawValue[][]): Uint8Array[] {
  return columns.map((c, i) => binColumn(c, values[i] ?? []));
}

const IDENTITY: PlattScaling = { a: 1, b: 0 };

export function fitModel(prepared: PreparedTable, values: RawValue[][], y: Uint8Array, algorithm: Algorithm): ConversionModel {
  const columns = prepared.columns.map((info, i) => fitBins(info, values[i] ?? []));
  const bins = binTable(columns, values);
  if (algorithm === 'gbdt') {
    const gbdt = trainGbdt({ bins, nBins: columns.map(binCount), categorical: columns.map((c) => c.kind === 'categorical') }, y, defaultGbdtParams(y.length));
    return { algorithm, columns, gbdt, logistic: null, calibration: IDENTITY };
  }
  return { algorithm, columns, gbdt: null, logistic: trainLogistic(columns, values, bins, y), calibration: IDENTITY };
}

/** The structured model's log-odds alone (the first input of the stack). */
export function structuredScores(model: ConversionModel, values: RawValue[][], rows: number): Float64Array {
  const bins = binTable(model.columns, values);
  if (model.logistic) return logisticRawScores(model.logistic, values, bins, rows);
  const out = new Float64Array(rows);
  const gbdt = model.gbdt as GbdtModel;
  for (let r = 0; r < rows; r++) out[r] = gbdtRawScore(gbdt, bins, r);
  return out;
}

function textsOf(input: ModelInput): readonly LeadTexts[] {
  if (!input.texts || input.texts.length !== input.rows) throw new Error('this model reads the conversation: give the texts of every row');
  return input.texts;
}

export function rawScores(model: ConversionModel, input: ModelInput): Float64Array {
  const structured = structuredScores(model, input.values, input.rows);
  if (!model.stack) return structured;
  const texts = textsOf(input);
  return stackScores(model.stack, [structured, ...(model.text ?? []).map((p) => textPartScores(p, texts))], input.rows);
}

export function probabilities(model: ConversionModel, input: ModelInput): Float64Array {
  return rawScores(model, input).map((s) => applyPlatt(model.calibration, s));
}

export interface Reason {
  /** A column name, or for a phrase `role: "words"`. */
  feature: string;
  value: string;
  /** Signed log-odds contribution: positive pushes towards converting. */
  contribution: number;
  /** Set for a phrase from the conversation. */
  kind?: 'phrase';
}

/** The row's strongest signed reasons, largest effect first. Pass `bins` from binTable when explaining many rows. */
export function explainRow(model: ConversionModel, input: ModelInput, row: number, top = 5, bins = binTable(model.columns, input.values)): Reason[] {
  const { values } = input;
  const contributions = model.gbdt
    ? gbdtContributions(model.gbdt, bins, row).contributions
    : logisticContributions(model.logistic as LogisticModel, values, bins, row, model.columns.length);
  const structuredWeight = model.stack ? (model.stack.weights[0] ?? 0) : 1;
  const reasons: Reason[] = model.columns.map((c, i) => ({
    feature: c.name,
    value: c.kind === 'numeric' && values[i]?.[row] != null ? String(values[i]?.[row]) : describeBin(c, (bins[i] as Uint8Array)[row] as number),
    contribution: (contributions[i] as number) * structuredWeight,
  }));
  if (model.stack) {
    const texts = textsOf(input)[row] as LeadTexts;
    (model.text ?? []).forEach((part, p) => {
      for (const c of phraseContributions(part, texts, model.stack?.weights[p + 1] ?? 0)) {
        reasons.push({ feature: `${c.role}: "${c.phrase}"`, value: `said ${c.count}x`, contribution: c.contribution, kind: 'phrase' });
      }
    });
  }
  return reasons
    .map((r) => ({ ...r, contribution: Math.round(r.contribution * 1000) / 1000 }))
    .filter((r) => r.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, top);
}

/** How a reason reads in a rank explanation: `customer: "how soon can you start" +0.80`, or `calls=3 (+0.12)`. */
export function reasonText(r: Reason): string {
  const signed = `${r.contribution >= 0 ? '+' : ''}${r.contribution.toFixed(2)}`;
  return r.kind === 'phrase' ? `${r.feature} ${signed}` : `${r.feature}=${r.value} (${signed})`;
}
