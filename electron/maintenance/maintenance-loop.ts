import type { Db } from '../db/open';
import { requeueAbandoned } from './maintenance-jobs';
import { queueDueMaintenance, runQueuedMaintenance } from './run-maintenance';

/** How often a long-running core looks for due backups and retention passes: they are scheduled in hours and days. */
const TICK_MS = 60_000;

export interface MaintenanceLoop {
  stop(): Promise<void>;
}

/**
 * In the app and `serve`: scheduled backups and retention are queued as rows when due and run
 * one at a time, in this process (the backup API copies through this connection, so the job
 * runner's writes go into the copy as it runs). Jobs a killed process left running run again.
 */
export function startMaintenanceLoop(db: Db, dbPath: string, onRan: () => void = () => {}): MaintenanceLoop {
  requeueAbandoned(db);
  let running: Promise<void> | null = null;
  const tick = (): void => {
    if (running) return;
    running = (async () => {
      queueDueMaintenance(db);
      const ran = await runQueuedMaintenance(db, { dbPath });
      if (ran.length) onRan();
    })()
      .catch((err: unknown) => console.warn(`maintenance: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, TICK_MS);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
