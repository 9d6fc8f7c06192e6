import { openDatabase } from '../../db/open';
import { rankedQueue } from '../../core/queue';
import { flagBool, flagInt } from '../args';
import { EXIT_OK, type CliCommand } from '../command';

export const queueCommand: CliCommand = {
  name: 'queue',
  usage: 'queue [--json] [--limit N] [--db PATH]',
  summary: 'the ranked next-dial queue, best first',
  async run({ args, io, dbPath }) {
    const db = openDatabase(dbPath);
    try {
      const items = rankedQueue(db, flagInt(args, 'limit', 1));
      if (flagBool(args, 'json')) {
        io.stdout.write(JSON.stringify(items, null, 2) + '\n');
        return EXIT_OK;
      }
      if (items.length === 0) {
        io.stdout.write('The queue is empty: ingest a recordings folder first (ingest <folder>, then run).\n');
        return EXIT_OK;
      }
      io.stdout.write(`${'#'.padStart(4)}  ${'score'.padStart(5)}  ${'phone'.padEnd(16)}  ${'name'.padEnd(24)}  calls\n`);
      items.forEach((it, i) => {
        const score = it.score === null ? '  -  ' : it.score.toFixed(0).padStart(5);
        io.stdout.write(
          `${String(i + 1).padStart(4)}  ${score}  ${(it.phone_number ?? 'unknown').padEnd(16)}  ${(it.name ?? '').padEnd(24)}  ${it.call_ids.length}\n`,
        );
      });
      return EXIT_OK;
    } finally {
      db.close();
    }
  },
};
