import { openDatabase } from '../../db/open';
import { runBackfill } from '../../redaction/backfill';
import { dirname, join } from 'node:path';
import { createDefaultSteps, engineForSetting } from '../../core/default-steps';
import { JsonFileSettingsStore } from '../../settings/settings-store';
import { createStageHandlers } from '../../jobs/pipeline';
import { JobRunner } from '../../jobs/runner';
import { defaultConcurrency } from '../../jobs/default-concurrency';
import { countJobsByState } from '../../jobs/store';
import { flagInt, flagString } from '../args';
import { EXIT_ITEMS_FAILED, EXIT_OK, type CliCommand } from '../command';
import { ProgressReporter } from '../progress';

export const runCommand: CliCommand = {
  name: 'run',
  usage: 'run [--concurrency N] [--engine NAME] [--db PATH]',
  summary: 'process queued jobs (transcribe -> analyse -> score) to completion',
  async run({ args, io, dbPath }) {
    const db = openDatabase(dbPath);
    // --engine, else CALLRANK_ENGINE, else the engine picked in the app's Settings for this database.
    const engine =
      flagString(args, 'engine') ??
      process.env.CALLRANK_ENGINE ??
      engineForSetting(new JsonFileSettingsStore(join(dirname(dbPath), 'settings.json')).read().engine);
    const steps = createDefaultSteps({ engine });
    const concurrency = flagInt(args, 'concurrency', 1);
    const runner = new JobRunner(db, createStageHandlers(steps), {
      ...defaultConcurrency(),
      // An explicit --concurrency is the number of calls transcribed at once.
      ...(concurrency === undefined
        ? {}
        : { concurrency: Math.max(2, concurrency), stageConcurrency: { transcribe: concurrency } }),
    });
    const onSignal = (): void => {
      io.stderr.write('\nstopping: unfinished jobs stay queued and resume on the next run\n');
      void runner.stop();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const progress = new ProgressReporter(io);
    const total = (): number => {
      const c = countJobsByState(db);
      return c.done + c.queued + c.running + c.failed;
    };
    const report = (current: string): void => {
      const c = countJobsByState(db);
      progress.update(c.done, total(), c.failed, current);
    };
    runner.on('stageDone', (e) => report(`${e.stage} ${e.callId}`));
    runner.on('failed', (e) => {
      if (e.final)
        io.stderr.write(
          `${io.stdout.isTTY ? '\n' : ''}failed: call ${e.callId} at ${e.stage}: ${e.reason}\n`,
        );
    });
    try {
      report('');
      await runner.runUntilIdle();
      // Stored calls still waiting for redaction (a kind turned on, a database from before it).
      await runBackfill(db);
      progress.finish();
      const c = countJobsByState(db);
      io.stdout.write(`finished: ${c.done} done, ${c.failed} failed, ${c.queued + c.running} unfinished\n`);
      return c.failed > 0 ? EXIT_ITEMS_FAILED : EXIT_OK;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await steps.close();
      db.close();
    }
  },
};
