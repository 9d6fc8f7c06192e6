import { backupDatabase } from '../../backup/backup-database';
import { openDatabase } from '../../db/open';
import { flagBool, flagInt } from '../args';
import { EXIT_OK, UsageError, type CliCommand } from '../command';

export const backupCommand: CliCommand = {
  name: 'backup',
  usage: 'backup <file> [--step-pages N] [--progress] [--json] [--db PATH]',
  summary: 'consistent copy of the database while jobs run (a kill leaves the previous backup at <file>)',
  async run({ args, io, dbPath }) {
    const [file] = args.positionals;
    if (!file) throw new UsageError('backup needs the file to write');
    const stepPages = flagInt(args, 'step-pages', 1);
    const db = openDatabase(dbPath);
    try {
      const progress = flagBool(args, 'progress');
      const r = await backupDatabase(db, file, {
        ...(stepPages === undefined ? {} : { stepPages }),
        // One line per step, for a person watching and for the test that kills a backup midway.
        ...(progress ? { onProgress: (copied: number, total: number) => void io.stdout.write(`copied ${copied} of ${total} pages\n`) } : {}),
      });
      if (flagBool(args, 'json')) io.stdout.write(JSON.stringify(r) + '\n');
      else io.stdout.write(`backed up to ${r.path}: ${r.bytes} bytes, schema version ${r.schemaVersion}\n`);
      return EXIT_OK;
    } finally {
      db.close();
    }
  },
};
