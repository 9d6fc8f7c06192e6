import { openDatabase } from '../../db/open';
import { getStatus } from '../../jobs/status';
import { flagBool } from '../args';
import { EXIT_ITEMS_FAILED, EXIT_OK, type CliCommand } from '../command';

export const statusCommand: CliCommand = {
  name: 'status',
  usage: 'status [--json] [--db PATH]',
  summary: 'counts by job state, and every failed item with its file and reason',
  async run({ args, io, dbPath }) {
    const db = openDatabase(dbPath);
    try {
      const s = getStatus(db);
      if (flagBool(args, 'json')) {
        io.stdout.write(JSON.stringify(s, null, 2) + '\n');
      } else {
        const j = s.jobs;
        io.stdout.write(`${s.calls} calls, ${s.leads} leads\n`);
        io.stdout.write(
          `jobs: ${j.done} done, ${j.queued} queued, ${j.running} running, ${j.failed} failed, ${j.paused} paused, ${j.cancelled} cancelled\n`,
        );
        if (s.failed.length) io.stdout.write(`failed (${s.failed.length}):\n`);
        for (const f of s.failed) io.stdout.write(`  [${f.stage}] ${f.file}: ${f.reason}\n`);
      }
      return s.failed.length > 0 ? EXIT_ITEMS_FAILED : EXIT_OK;
    } finally {
      db.close();
    }
  },
};
