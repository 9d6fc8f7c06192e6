import { openDatabase } from '../../db/open';
import { rescoreAll } from '../../scoring/rescore-all';
import { flagBool } from '../args';
import { EXIT_OK, type CliCommand } from '../command';

export const rescoreCommand: CliCommand = {
  name: 'rescore',
  usage: 'rescore [--from-features] [--json]',
  summary:
    're-score every analysed call with the active rubrics (no re-analysis); outcomes of unchanged criteria carry over unless --from-features',
  async run({ args, io, dbPath }) {
    const db = openDatabase(dbPath);
    try {
      const r = rescoreAll(db, { fromFeatures: flagBool(args, 'from-features') });
      if (flagBool(args, 'json')) io.stdout.write(JSON.stringify(r) + '\n');
      else
        io.stdout.write(
          `Re-scored ${r.calls} calls (${r.judged} judged from features, ${r.written} scores changed): load ${r.loadMs.toFixed(0)} ms, scoring ${r.scoreMs.toFixed(1)} ms, writing ${r.writeMs.toFixed(0)} ms.\n`,
        );
      return EXIT_OK;
    } finally {
      db.close();
    }
  },
};
