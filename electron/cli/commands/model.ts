import { openDatabase } from '../../db/open';
import { subsetRows } from '../../scoring/model/conversion-model';
import { evaluate, type EvaluationReport } from '../../scoring/model/cross-validate';
import { labelledTableFromCsv } from '../../scoring/model/csv-dataset';
import type { RawTable } from '../../scoring/model/dataset';
import { buildLeadTable } from '../../scoring/model/lead-table';
import { modelHistory, trainConversionModel } from '../../scoring/model/model-store';
import { ensureScoringSchema } from '../../scoring/scoring-schema';
import { flagBool, flagInt, flagString } from '../args';
import { EXIT_ITEMS_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../command';

function excludeList(v: string | undefined): string[] {
  return v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function printReport(io: CliIO, r: EvaluationReport, extra: Record<string, unknown>, json: boolean): void {
  if (json) {
    io.stdout.write(JSON.stringify({ ...r, ...extra }, null, 2) + '\n');
    return;
  }
  io.stdout.write(
    `${r.folds}-fold CV on ${r.rows} rows (${r.positives} converted): AUC ${r.auc.toFixed(4)} with ${r.algorithm} ` +
      `(gbdt ${r.aucByAlgorithm.gbdt.toFixed(4)}, logistic ${r.aucByAlgorithm.logistic.toFixed(4)})\n` +
      `At calibrated probability >= ${r.threshold.threshold} (best F1 unless --threshold): precision ${r.threshold.precision.toFixed(3)}, recall ${r.threshold.recall.toFixed(3)}, F1 ${r.threshold.f1.toFixed(3)}\n` +
      `Precision at k: ${r.precisionAtK.map((p) => `@${p.k} ${p.precision.toFixed(3)}`).join(', ')}\n` +
      `Lift by decile: ${r.liftByDecile.map((d) => d.lift.toFixed(2)).join(' ')}\n` +
      `Brier ${r.brier.toFixed(4)} (before calibration ${r.brierUncalibrated.toFixed(4)})\n`,
  );
  for (const w of r.leakageWarnings) io.stdout.write(`warning: ${w.column}: ${w.reason}\n`);
  for (const d of r.columns.dropped) io.stdout.write(`dropped: ${d.name}: ${d.reason}\n`);
}

export const modelCommand: CliCommand = {
  name: 'model',
  usage: 'model train|evaluate|history [--folds 5] [--exclude col,col] [--threshold P] [--csv PATH --label COL] [--json]',
  summary: 'train the conversion model on leads with known outcomes, cross-validate it, or list its versions',
  async run({ args, io, dbPath }) {
    const sub = args.positionals[0];
    const json = flagBool(args, 'json');
    const folds = flagInt(args, 'folds', 2) ?? 5;
    const exclude = excludeList(flagString(args, 'exclude'));
    const csv = flagString(args, 'csv');
    const thresholdFlag = flagString(args, 'threshold');
    const threshold = thresholdFlag === undefined ? undefined : Number(thresholdFlag);
    if (threshold !== undefined && !(threshold > 0 && threshold < 1)) throw new UsageError('--threshold must be a probability between 0 and 1');
    const evalOpts = { folds, exclude, ...(threshold !== undefined ? { threshold } : {}) };
    if (sub === 'evaluate' && csv) {
      const label = flagString(args, 'label');
      if (!label) throw new UsageError('--csv needs --label COLUMN (the 0/1, yes/no outcome)');
      const { table, y, skipped } = labelledTableFromCsv(csv, label);
      const started = performance.now();
      const { report } = evaluate(table, y, evalOpts);
      printReport(io, report, { source: csv, label, unlabelledRowsSkipped: skipped, cvSeconds: (performance.now() - started) / 1000 }, json);
      return EXIT_OK;
    }
    if (sub !== 'train' && sub !== 'evaluate' && sub !== 'history') throw new UsageError('model train | model evaluate | model history');
    const db = openDatabase(dbPath);
    try {
      ensureScoringSchema(db);
      if (sub === 'history') {
        const h = modelHistory(db);
        if (json) io.stdout.write(JSON.stringify(h.map(({ metrics, ...m }) => ({ ...m, auc: metrics.auc, brier: metrics.brier })), null, 2) + '\n');
        else for (const m of h) io.stdout.write(`#${m.modelId}${m.active ? ' (active)' : ''} ${m.trainedAt} ${m.algorithm} ${m.trigger}: ${m.rows} rows, AUC ${m.metrics.auc.toFixed(4)}, Brier ${m.metrics.brier.toFixed(4)}\n`);
        return EXIT_OK;
      }
      if (sub === 'train') {
        const out = trainConversionModel(db, { trigger: 'manual', by: process.env.USER ?? 'cli', folds, ...(exclude.length ? { exclude } : {}) });
        if (out.status === 'cold_start') {
          io.stdout.write(json ? JSON.stringify(out) + '\n' : `Not trained: ${out.reason}.\n`);
          return EXIT_ITEMS_FAILED;
        }
        printReport(io, out.model.metrics, { modelId: out.model.modelId, predictions: out.predictions }, json);
        if (!json) io.stdout.write(`Model #${out.model.modelId} is active; ${out.predictions} leads re-predicted.\n`);
        return EXIT_OK;
      }
      const leads = buildLeadTable(db);
      const rows = leads.outcome.flatMap((o, i) => (o === null ? [] : [i]));
      const y = Uint8Array.from(rows, (i) => leads.outcome[i] as number);
      const table: RawTable = { columns: leads.table.columns, values: subsetRows(leads.table.values, rows), rows: rows.length };
      const { report } = evaluate(table, y, evalOpts);
      printReport(io, report, { source: 'database' }, json);
      return EXIT_OK;
    } finally {
      db.close();
    }
  },
};
