import { readFileSync } from 'node:fs';
import { CsvError } from '../../csv/csv-error';
import { openDatabase } from '../../db/open';
import { ColumnMapError, parseColumnMap } from '../../scoring/import/column-map';
import { importCalls } from '../../scoring/import/import-calls';
import { importLeads, LEAD_COLUMNS, type ImportReport } from '../../scoring/import/import-leads';
import { CALL_COLUMNS } from '../../scoring/import/import-calls';
import { runDueRetrains } from '../../scoring/model/retrain-jobs';
import { ensureScoringSchema } from '../../scoring/scoring-schema';
import { flagBool, flagString } from '../args';
import { EXIT_ITEMS_FAILED, EXIT_OK, UsageError, type CliCommand } from '../command';
import { regionFlag } from '../region-flag';

/** A --map that does not fit the file is bad usage (exit 2), as any other wrong flag. */
function asUsage<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof ColumnMapError) throw new UsageError(err.message);
    throw err;
  }
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import leads|calls <file.csv> [--map canonical=source,...] [--country US] [--json]',
  summary: `import leads (${LEAD_COLUMNS.join(', ')}) or calls (${CALL_COLUMNS.join(', ')}); extra columns become attributes; all rows or none`,
  async run({ args, io, dbPath }) {
    const [what, file] = args.positionals;
    if ((what !== 'leads' && what !== 'calls') || !file) throw new UsageError('say what to import and from which file: import leads|calls <file.csv>');
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
    }
    const opts = {
      map: asUsage(() => parseColumnMap(flagString(args, 'map'))),
      defaultCountry: regionFlag(args, dbPath, 'country'),
      by: process.env.USER ?? 'cli',
    };
    const db = openDatabase(dbPath);
    try {
      ensureScoringSchema(db);
      let report: ImportReport;
      try {
        report = asUsage(() => (what === 'leads' ? importLeads(db, bytes, opts) : importCalls(db, bytes, opts)));
      } catch (err) {
        if (!(err instanceof CsvError)) throw err;
        // The file cannot be read whole: nothing of it was imported.
        if (flagBool(args, 'json'))
          io.stdout.write(JSON.stringify({ imported: false, error: `${file}: ${err.message}`, line: err.line ?? null }, null, 2) + '\n');
        else io.stderr.write(`Nothing imported: ${file}: ${err.message}\n`);
        return EXIT_ITEMS_FAILED;
      }
      // The outcomes queued a retrain (a job row); a one-shot command runs it before it exits.
      const retrained = report.errors.length === 0 && report.outcomesChanged > 0 ? runDueRetrains(db, `cli:${process.pid}`, { ignoreDebounce: true }).trained : null;
      if (flagBool(args, 'json')) {
        const { callIds: _ids, ...rest } = report;
        io.stdout.write(JSON.stringify({ ...rest, imported: report.errors.length === 0, model: retrained?.status ?? null }, null, 2) + '\n');
      } else if (report.errors.length) {
        io.stderr.write(`Nothing imported: ${report.errors.length} of ${report.rows} rows have problems.\n`);
        for (const e of report.errors) io.stderr.write(`  row ${e.row}: ${e.message}\n`);
      } else {
        io.stdout.write(`Imported ${report.rows} ${what}: ${report.inserted} new, ${report.updated} updated`);
        io.stdout.write(what === 'calls' ? ', analysed and scored.\n' : `, ${report.outcomesChanged} outcomes recorded.\n`);
        if (retrained?.status === 'activated') io.stdout.write(`Conversion model #${retrained.model.modelId} is live: ${retrained.reason}.\n`);
        if (retrained?.status === 'refused') io.stdout.write(`Conversion model candidate #${retrained.model.modelId} kept, not live: ${retrained.reason}.\n`);
        if (retrained?.status === 'cold_start') io.stdout.write(`No model yet: ${retrained.reason}.\n`);
      }
      return report.errors.length ? EXIT_ITEMS_FAILED : EXIT_OK;
    } finally {
      db.close();
    }
  },
};
