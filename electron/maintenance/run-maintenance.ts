import { join } from 'node:path';
import { backupDatabase } from '../backup/backup-database';
import { listBackups, pruneBackups, scheduledBackupName } from '../backup/scheduled-backups';
import type { Db } from '../db/open';
import { applyRetention } from '../retention/apply-retention';
import { backupFolderOf, readDataSafetySettings } from './data-safety-settings';
import {
  claimMaintenance,
  enqueueMaintenance,
  finishMaintenance,
  lastDone,
  recentMaintenance,
  type MaintenanceJob,
} from './maintenance-jobs';

export interface MaintenanceDeps {
  dbPath: string;
  now?: () => Date;
}

const HOUR_MS = 3_600_000;
/** Retention runs at most once a day: its cut-off moves by days. */
const RETENTION_EVERY_MS = 24 * HOUR_MS;

/** Queues the scheduled backup and the retention pass when they are due (rows first; running them is separate). */
export function queueDueMaintenance(db: Db, now = new Date()): number[] {
  const s = readDataSafetySettings(db);
  const queued: number[] = [];
  const since = (kind: 'backup' | 'retention'): number => {
    const last = lastDone(db, kind);
    return last ? now.getTime() - Date.parse(last) : Infinity;
  };
  if (s.backupEveryHours && since('backup') >= s.backupEveryHours * HOUR_MS) queued.push(enqueueMaintenance(db, 'backup', 'schedule', {}, now));
  if ((s.audioDays || s.transcriptDays) && since('retention') >= RETENTION_EVERY_MS)
    queued.push(enqueueMaintenance(db, 'retention', 'schedule', {}, now));
  return queued;
}

async function runOne(db: Db, job: MaintenanceJob, deps: MaintenanceDeps): Promise<Record<string, unknown>> {
  const now = deps.now?.() ?? new Date();
  const s = readDataSafetySettings(db);
  switch (job.kind) {
    case 'backup': {
      const folder = backupFolderOf(s, deps.dbPath);
      const target = typeof job.params.path === 'string' ? job.params.path : join(folder, scheduledBackupName(now));
      const made = await backupDatabase(db, target);
      const removed = typeof job.params.path === 'string' ? [] : pruneBackups(folder, s.backupKeep);
      return { path: made.path, bytes: made.bytes, schemaVersion: made.schemaVersion, removed, kept: listBackups(folder).length };
    }
    case 'retention':
      return { ...applyRetention(db, s, now) };
  }
}

/** Runs every queued maintenance job, oldest first, one at a time; each ends done with its report or failed with its reason. */
export async function runQueuedMaintenance(db: Db, deps: MaintenanceDeps): Promise<MaintenanceJob[]> {
  const ran: number[] = [];
  for (let job = claimMaintenance(db); job; job = claimMaintenance(db)) {
    try {
      finishMaintenance(db, job.jobId, { result: await runOne(db, job, deps) });
    } catch (err) {
      finishMaintenance(db, job.jobId, { error: err instanceof Error ? err.message : String(err) });
    }
    ran.push(job.jobId);
  }
  return recentMaintenance(db, undefined, 100).filter((j) => ran.includes(j.jobId));
}
