import { openDatabase, type Db } from '../db/open';
import type { PhoneRegion } from '../ingest/phone';
import { cliSecretStore } from '../secrets/cli-secret-store';
import type { SecretStore } from '../secrets/secret-store';
import { dueConnectors } from './connector-controls';
import { recordingsStore } from './recordings-store';
import { describeTwilioSync, runTwilioSync } from './twilio/twilio-run';

export interface DueRun {
  connector: string;
  ok: boolean;
  lines: string[];
}

/**
 * Runs every scheduled connector whose time has come, one after another. A failed run is kept
 * as the connector's last error (the sync store does that) and reported, never thrown: one bad
 * connector must not stop the schedule of the others.
 */
export async function runDueSyncs(
  db: Db,
  o: { secrets: SecretStore; dbPath: string; nowMs?: number; phoneRegion?: PhoneRegion },
): Promise<DueRun[]> {
  const out: DueRun[] = [];
  for (const c of dueConnectors(db, o.nowMs)) {
    if (c.connector !== 'twilio') continue;
    try {
      const s = await runTwilioSync(db, { secrets: o.secrets, recordingsDir: recordingsStore(o.dbPath, 'twilio'), baseUrl: c.options.baseUrl, phoneRegion: o.phoneRegion });
      out.push({ connector: c.connector, ok: s.failed.length === 0, lines: describeTwilioSync(s) });
    } catch (err) {
      out.push({ connector: c.connector, ok: false, lines: [(err as Error).message] });
    }
  }
  return out;
}

/**
 * The schedule inside `serve --watch`: looks for due connectors every `tickMs` (first look at
 * once) and logs each run. Stops with the process's SIGINT/SIGTERM like serve itself; a run
 * cut short there resumes on the next one, as every sync is resumable. `phoneRegion` is asked
 * per run, so a region changed in Settings applies to the next one.
 */
export function startSyncScheduler(
  dbPath: string,
  io: { stdout: NodeJS.WritableStream },
  phoneRegion?: () => PhoneRegion,
  tickMs = 30_000,
): { stop(): void } {
  const db = openDatabase(dbPath);
  const secrets = cliSecretStore(dbPath);
  let running = false;
  let stopped = false;
  const tick = async (): Promise<void> => {
    if (running || stopped) return;
    running = true;
    try {
      for (const r of await runDueSyncs(db, { secrets, dbPath, phoneRegion: phoneRegion?.() })) {
        io.stdout.write(`scheduled sync ${r.connector}${r.ok ? '' : ' (with errors)'}:\n${r.lines.map((l) => `  ${l}`).join('\n')}\n`);
      }
    } finally {
      running = false;
      if (stopped) db.close();
    }
  };
  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  void tick();
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    if (!running) db.close();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { stop };
}
