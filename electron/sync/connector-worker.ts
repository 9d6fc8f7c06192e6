import type { Db } from '../db/open';
import type { PhoneRegion } from '../ingest/phone';
import { newOwnerId, ownerIsAlive } from '../jobs/owner';
import type { SecretStore } from '../secrets/secret-store';
import type { ConnectorAction, ConnectorName } from './connector-controls';
import { claimNextRun, expireDeadRuns, finishConnectorRun, planScheduledRuns, releaseRuns, renewRunLease } from './connector-runs';
import { runConnectorRow, settleConnector } from './run-connector';

export interface DueRun {
  connector: string;
  ok: boolean;
  lines: string[];
}

export interface ConnectorWorkerOptions {
  db: Db;
  dbPath: string;
  /** Read per run, so credentials entered in Settings apply to the next one. */
  secrets: () => SecretStore;
  phoneRegion?: () => PhoneRegion;
  /** Plan and run scheduled runs too (the desktop app, `serve --watch`); otherwise only runs asked for now. */
  scheduled: boolean;
  tickMs?: number;
  leaseMs?: number;
  onRun?: (r: DueRun & { action: ConnectorAction; trigger: 'schedule' | 'now' }) => void;
  /** A connector's state moved (a run started, made progress or ended). */
  onChange?: (c: ConnectorName, ended: boolean) => void;
}

/** How often an open Settings page is told of a run's progress, at most. */
const PROGRESS_EVERY_MS = 500;

/**
 * Runs the stored connector runs (connector_runs) of this process, one at a time: those asked
 * for now, and with `scheduled` those their schedule queued. Each run is claimed under a lease
 * renewed while it goes, so a run of a process that died is taken over, and a clean stop puts
 * it back in the queue; every sync, push and pull is resumable, so nothing is repeated.
 */
export class ConnectorWorker {
  readonly owner = newOwnerId();
  private readonly leaseMs: number;
  private active: Promise<DueRun[]> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: ConnectorWorkerOptions) {
    this.leaseMs = o.leaseMs ?? 60_000;
  }

  /** Looks for due runs every `tickMs` (first look at once). */
  start(): void {
    expireDeadRuns(this.o.db, ownerIsAlive);
    this.timer = setInterval(() => this.notify(), this.o.tickMs ?? 30_000);
    this.timer.unref();
    this.notify();
  }

  /** A run was queued: look now instead of at the next tick. */
  notify(): void {
    void this.drain().catch(() => undefined);
  }

  /** Runs every run due at `nowMs` (now by default), then answers what ran. */
  drain(nowMs?: number): Promise<DueRun[]> {
    if (this.active) {
      this.again = true;
      return this.active;
    }
    const work = async (): Promise<DueRun[]> => {
      const out: DueRun[] = [];
      do {
        this.again = false;
        out.push(...(await this.runDue(nowMs)));
      } while (this.again && !this.stopped);
      return out;
    };
    this.active = work().finally(() => (this.active = null));
    return this.active;
  }

  private async runDue(nowMs: number | undefined): Promise<DueRun[]> {
    const { db } = this.o;
    const out: DueRun[] = [];
    // Planned once a pass: a run that ends makes its next one due a schedule later, not in this pass.
    if (this.o.scheduled) planScheduledRuns(db, nowMs);
    while (!this.stopped) {
      const row = claimNextRun(db, this.owner, this.leaseMs, { nowMs, scheduled: this.o.scheduled });
      if (!row) break;
      this.o.onChange?.(row.connector, false);
      let told = 0;
      const progress = (): void => {
        if (Date.now() - told < PROGRESS_EVERY_MS) return;
        told = Date.now();
        this.o.onChange?.(row.connector, false);
      };
      const renew = setInterval(() => renewRunLease(db, row.run_id, this.owner, this.leaseMs), this.leaseMs / 3);
      renew.unref();
      let outcome;
      try {
        outcome = await runConnectorRow(db, row, { secrets: this.o.secrets(), dbPath: this.o.dbPath, phoneRegion: this.o.phoneRegion?.(), onProgress: progress });
      } finally {
        clearInterval(renew);
      }
      // Stopped mid-run: the run was put back in the queue and the database may be closing.
      if (this.stopped) break;
      finishConnectorRun(db, row.run_id, this.owner, outcome);
      settleConnector(db, row.connector);
      const done = { connector: row.connector, ok: outcome.error === null, lines: outcome.lines };
      out.push(done);
      this.o.onRun?.({ ...done, action: row.action, trigger: row.trigger });
      this.o.onChange?.(row.connector, true);
    }
    return out;
  }

  /** Stops looking; a run in progress goes back to the queue at once, for the next start to resume. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    releaseRuns(this.o.db, this.owner);
  }
}

/**
 * Runs every run due at `nowMs`, scheduled ones included, one after another. A failed run is
 * kept as the connector's last error and reported, never thrown: one bad connector must not stop
 * the schedule of the others.
 */
export async function runDueSyncs(
  db: Db,
  o: { secrets: SecretStore; dbPath: string; nowMs?: number; phoneRegion?: PhoneRegion },
): Promise<DueRun[]> {
  const region = o.phoneRegion;
  const worker = new ConnectorWorker({ db, dbPath: o.dbPath, secrets: () => o.secrets, phoneRegion: region ? () => region : undefined, scheduled: true });
  return worker.drain(o.nowMs);
}
