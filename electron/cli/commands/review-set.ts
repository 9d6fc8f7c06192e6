import { resolve } from 'node:path';
import { openDatabase } from '../../db/open';
import { exportReviewSet } from '../../review-sets/export-review-set';
import { mergeReviewSet } from '../../review-sets/merge-review-set';
import { prepareReviewSet } from '../../review-sets/open-review-set';
import { flagBool, flagString } from '../args';
import { EXIT_OK, UsageError, type CliCommand } from '../command';
import { serveCommand } from './serve';

const USAGE =
  'review-set export --calls ID[,ID…] --out FILE | review-set open FILE [--port N] | review-set merge FILE [--json]  [--db PATH]';

/**
 * Offline review on the floor: export chosen calls as one file, open it on a laptop with no
 * connection (the full app, served from the file), then merge the manual reviews back.
 */
export const reviewSetCommand: CliCommand = {
  name: 'review-set',
  usage: USAGE,
  summary: 'export calls for offline review as one file, open it, and merge the reviews back',
  async run({ args, io, dbPath }) {
    const [action, file] = args.positionals;
    if (action === 'export') {
      const calls = (flagString(args, 'calls') ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      const out = flagString(args, 'out');
      if (!calls.length || !out) throw new UsageError('export needs --calls and --out');
      const db = openDatabase(dbPath);
      try {
        const r = exportReviewSet(db, calls, resolve(out));
        io.stdout.write(`Wrote ${r.path}: ${r.calls} calls, ${r.audio} recordings.\n`);
        for (const m of r.audioNotPacked) io.stdout.write(`  no audio for ${m.callId}: ${m.reason}\n`);
      } finally {
        db.close();
      }
      return EXIT_OK;
    }
    if (action === 'open' && file) {
      const set = prepareReviewSet(file);
      io.stdout.write(
        `Review set ${set.setId} from ${set.exportedAt}: ${set.calls.length} calls, ${set.audio} recordings in ${set.audioDir}.\n`,
      );
      // The set is a CallRank database: serve it like any other (reviews are saved into the file).
      return serveCommand.run({ args, io, dbPath: resolve(file) });
    }
    if (action === 'merge' && file) {
      const db = openDatabase(dbPath);
      try {
        const r = mergeReviewSet(db, file);
        if (flagBool(args, 'json')) io.stdout.write(JSON.stringify(r, null, 2) + '\n');
        else {
          io.stdout.write(
            `Merged review set ${r.setId}: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged, ${r.conflicts.length} conflicts, ${r.skipped.length} skipped.\n`,
          );
          for (const c of r.conflicts) {
            const lost =
              c.kept === 'set'
                ? `${c.hereReviewer} here at ${c.hereUpdatedAt}`
                : `${c.setReviewer} in the set at ${c.setUpdatedAt}`;
            io.stdout.write(
              `  conflict: review ${c.reviewUuid} (call ${c.callId}) was edited on both sides; kept the later edit, replaced the one by ${lost}\n`,
            );
          }
          for (const s of r.skipped)
            io.stdout.write(`  skipped: review ${s.reviewUuid} (call ${s.callId}): ${s.reason}\n`);
        }
      } finally {
        db.close();
      }
      return EXIT_OK;
    }
    throw new UsageError(`unknown review-set action: ${action ?? '(none)'}`);
  },
};
