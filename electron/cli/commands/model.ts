import { openDatabase } from '../../db/open';
import { subsetRows } from '../../scoring/model/conversion-model';
import { evaluate, type EvaluationReport } from '../../scoring/model/cross-validate';
import { labelledTableFromCsv } from '../../scoring/model/csv-dataset';
import type { RawTable } from '../../scoring/model/dataset';
import { buildLeadTable } from '../../scoring/model/lead-table';
import { emptyTexts } from '../../scoring/model/text-features';
import { modelHistory, rollbackModel, trainConversionModel, type StoredModel } from '../../scoring/model/model-store';
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
      `Brier ${r.brier.toFixed(4)} (before calibration ${r.brierUncalibrated.toFixed(4)})\n` +
      (r.parts?.length > 1 ? `Parts (out-of-fold AUC): ${r.parts.map((p) => `${p.part} ${p.auc.toFixed(4)}`).join(', ')}\n` : '') +
      (r.topFeatures?.length ? `Top features: ${r.topFeatures.map((f) => `${f.feature} ${f.weight >= 0 ? '+' : ''}${f.weight.toFixed(2)}`).join(', ')}\n` : ''),
  );
  for (const w of r.leakageWarnings) io.stdout.write(`warning: ${w.column}: ${w.reason}\n`);
  for (const d of r.columns.dropped) io.stdout.write(`dropped: ${d.name}: ${d.reason}\n`);
}

type HistoryEntry = Omit<StoredModel, 'model'>;

function historyLine(m: HistoryEntry): string {
  const state = m.active ? 'ACTIVE' : m.decision === 'refused' ? 'refused' : m.activatedAt ? 'was live' : m.decision;
  const lift = m.metrics.liftByDecile?.[0]?.lift;
  return (
    `#${m.modelId} ${state} ${m.trainedAt} ${m.algorithm}${m.metrics.parts?.length > 1 ? '+text' : ''} ${m.trigger}: ${m.rows} outcomes (${m.positives} converted), ` +
    `AUC ${m.metrics.auc.toFixed(4)}${lift !== undefined ? `, top-decile lift ${lift.toFixed(2)}` : ''}\n    ${m.decisionReason}\n`
  );
}

export const modelCommand: CliCommand = {
  name: 'model',
  usage: 'model train|evaluate|history|rollback <id|rubric> [--folds 5] [--exclude col,col] [--threshold P] [--csv PATH --label COL] [--json]',
  summary: 'train the conversion model (live only when it beats the active one and the rubric), cross-validate it, list its versions, or roll back',
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
    if (sub !== 'train' && sub !== 'evaluate' && sub !== 'history' && sub !== 'rollback') throw new UsageError('model train | model evaluate | model history | model rollback <id|rubric>');
    let target: number | null = null;
    if (sub === 'rollback') {
      const to = args.positionals[1];
      if (!to) throw new UsageError('say which model to restore: model rollback <id> (or "rubric" to rank by rubric score)');
      if (to !== 'rubric' && !/^#?\d+$/.test(to)) throw new UsageError(`"${to}" is not a model id (see model history) nor "rubric"`);
      target = to === 'rubric' ? null : Number(to.replace('#', ''));
    }
    const db = openDatabase(dbPath);
    try {
      ensureScoringSchema(db);
      if (sub === 'history') {
        const h = modelHistory(db);
        if (json) io.stdout.write(JSON.stringify(h, null, 2) + '\n');
        else if (h.length === 0) io.stdout.write('No model trained yet: the queue ranks by rubric score.\n');
        else for (const m of h) io.stdout.write(historyLine(m));
        return EXIT_OK;
      }
      if (sub === 'rollback') {
        let result;
        try {
          result = rollbackModel(db, target, process.env.USER ?? 'cli');
        } catch (err) {
          io.stderr.write(`Not rolled back: ${(err as Error).message}\n`);
          return EXIT_ITEMS_FAILED;
        }
        if (json) io.stdout.write(JSON.stringify(result) + '\n');
        else
          io.stdout.write(
            result.active === null
              ? `The rubric score is the basis again (model #${result.previous} no longer live).\n`
              : `Model #${result.active} is active again${result.previous !== null ? ` (was #${result.previous})` : ''}; ${result.predictions} leads re-predicted.\n`,
          );
        return EXIT_OK;
      }
      if (sub === 'train') {
        const out = trainConversionModel(db, { trigger: 'manual', by: process.env.USER ?? 'cli', folds, ...(exclude.length ? { exclude } : {}) });
        if (out.status === 'cold_start') {
          io.stdout.write(json ? JSON.stringify(out) + '\n' : `Not trained: ${out.reason}.\n`);
          return EXIT_ITEMS_FAILED;
        }
        const predictions = out.status === 'activated' ? out.predictions : 0;
        printReport(io, out.model.metrics, { modelId: out.model.modelId, status: out.status, reason: out.reason, predictions }, json);
        if (!json)
          io.stdout.write(
            out.status === 'activated'
              ? `Model #${out.model.modelId} is active (${out.reason}); ${predictions} leads re-predicted.\n`
              : `Model #${out.model.modelId} is kept as a candidate, not live: ${out.reason}.\n`,
          );
        return out.status === 'activated' ? EXIT_OK : EXIT_ITEMS_FAILED;
      }
      const leads = buildLeadTable(db);
      const rows = leads.outcome.flatMap((o, i) => (o === null ? [] : [i]));
      const y = Uint8Array.from(rows, (i) => leads.outcome[i] as number);
      const table: RawTable = { columns: leads.table.columns, values: subsetRows(leads.table.values, rows), rows: rows.length };
      const { report } = evaluate(table, y, { ...evalOpts, texts: rows.map((i) => leads.texts[i] ?? emptyTexts()) });
      printReport(io, report, { source: 'database' }, json);
      return EXIT_OK;
    } finally {
      db.close();
    }
  },
};
