import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase } from '../../db/open';
import { scanFolder } from '../../ingest/scan-folder';
import { EXIT_ITEMS_FAILED, EXIT_OK, UsageError, type CliCommand } from '../command';
import { regionFlag } from '../region-flag';

export const ingestCommand: CliCommand = {
  name: 'ingest',
  usage: 'ingest <folder> [--region US] [--db PATH]',
  summary: 'index the recordings (and sidecars) under a folder and queue their jobs',
  async run({ args, io, dbPath }) {
    const folder = args.positionals[0];
    if (!folder) throw new UsageError('ingest needs a folder: ingest <folder>');
    const abs = resolve(folder);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      throw new UsageError(`no such folder: ${abs}`);
    }
    if (!isDir) throw new UsageError(`not a folder: ${abs}`);
    // Numbers in sidecars written without a country code are read as this region's.
    const phoneRegion = regionFlag(args, dbPath);
    const db = openDatabase(dbPath);
    try {
      const { found, outcomes, skipped } = await scanFolder(db, abs, { phoneRegion });
      const count = (k: string): number => outcomes.filter((o) => o.kind === k).length;
      io.stdout.write(
        `found ${found} recordings: ${count('added')} added, ${count('unchanged') + count('duplicate')} skipped ` +
          `(${count('unchanged')} unchanged, ${count('duplicate')} duplicates), ${count('pending')} still being written, ` +
          `${count('rejected')} rejected` +
          (skipped.length ? `; ${skipped.length} not read (links not followed, unreadable folders)` : '') +
          '\n',
      );
      for (const o of outcomes) {
        if (o.kind === 'duplicate') io.stdout.write(`  skipped ${o.path}: same audio as call ${o.callId}\n`);
        if (o.kind === 'rejected' || o.kind === 'pending') io.stdout.write(`  ${o.kind} ${o.path}: ${o.reason}\n`);
      }
      for (const s of skipped) io.stdout.write(`  not read ${s.path}: ${s.reason}\n`);
      return count('rejected') + count('pending') > 0 ? EXIT_ITEMS_FAILED : EXIT_OK;
    } finally {
      db.close();
    }
  },
};
