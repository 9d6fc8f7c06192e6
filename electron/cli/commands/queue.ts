import { openDatabase } from '../../db/open';
import { rankOpenLeads } from '../../ranking/rank-leads';
import { activeModel } from '../../scoring/model/model-store';
import { refreshStalePredictions } from '../../scoring/model/prediction-store';
import { flagBool, flagInt } from '../args';
import { EXIT_OK, type CliCommand } from '../command';

export const queueCommand: CliCommand = {
  name: 'queue',
  usage: 'queue [--json] [--limit N] [--db PATH]',
  summary: 'the ranked next-dial queue of open leads, best first',
  async run({ args, io, dbPath }) {
    const db = openDatabase(dbPath);
    try {
      const limit = flagInt(args, 'limit', 1);
      // A one-shot process has no background upkeep: leads changed since their prediction are re-predicted first.
      refreshStalePredictions(db, activeModel(db));
      const items = rankOpenLeads(db, limit === undefined ? {} : { limit });
      if (flagBool(args, 'json')) {
        io.stdout.write(JSON.stringify(items, null, 2) + '\n');
        return EXIT_OK;
      }
      if (items.length === 0) {
        io.stdout.write('The queue is empty: ingest a recordings folder first (ingest <folder>, then run).\n');
        return EXIT_OK;
      }
      io.stdout.write(`${'#'.padStart(4)}  ${'score'.padStart(5)}  ${'band'.padEnd(5)}  ${'conv%'.padStart(5)}  ${'phone'.padEnd(16)}  calls  why\n`);
      items.forEach((it) => {
        const score = it.score === null ? '-' : it.score.toFixed(0);
        const prob = it.probability === null ? '-' : (it.probability * 100).toFixed(0);
        io.stdout.write(
          `${String(it.rank).padStart(4)}  ${score.padStart(5)}  ${(it.band ?? '-').padEnd(5)}  ${prob.padStart(5)}  ` +
            `${(it.phone_number ?? 'unknown').padEnd(16)}  ${String(it.call_ids.length).padStart(5)}  ${it.rank_reason}\n`,
        );
      });
      return EXIT_OK;
    } finally {
      db.close();
    }
  },
};
