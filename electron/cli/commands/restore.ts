import { restoreDatabase } from '../../backup/restore-database';
import { flagBool } from '../args';
import { EXIT_OK, UsageError, type CliCommand } from '../command';

export const restoreCommand: CliCommand = {
  name: 'restore',
  usage: 'restore <file> [--json] [--db PATH]',
  summary: 'replace the database with a checked backup (integrity, schema version); the old one is kept aside',
  async run({ args, io, dbPath }) {
    const [file] = args.positionals;
    if (!file) throw new UsageError('restore needs the backup file');
    const r = await restoreDatabase(file, dbPath);
    if (flagBool(args, 'json')) io.stdout.write(JSON.stringify(r) + '\n');
    else {
      const migrated = r.fromVersion < r.schemaVersion ? ` (migrated from schema ${r.fromVersion} to ${r.schemaVersion})` : '';
      io.stdout.write(`restored ${r.calls} calls and ${r.leads} leads from ${file}${migrated}\n`);
      if (r.previous) io.stdout.write(`the database it replaced is kept at ${r.previous}\n`);
    }
    return EXIT_OK;
  },
};
