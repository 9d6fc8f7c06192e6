import { z } from 'zod';
import { method } from './define';

const days = z.number().int().min(1).max(36500).nullable();

/** Backup schedule and retention rules, as Settings shows and changes them. */
export const dataSafetySettingsSchema = z.object({
  /** Folder for scheduled backups; null: `backups/` beside the database. */
  backupFolder: z.string().min(1).nullable(),
  /** Hours between scheduled backups; null: none. */
  backupEveryHours: z.number().int().min(1).max(24 * 365).nullable(),
  /** How many scheduled backups are kept. */
  backupKeep: z.number().int().min(1).max(1000),
  /** Days audio is kept after the call; null: kept. */
  audioDays: days,
  /** Days transcripts are kept after the call; null: kept. Scores and outcomes are always kept. */
  transcriptDays: days,
});
export type DataSafetySettingsView = z.infer<typeof dataSafetySettingsSchema>;

export const maintenanceJobSchema = z.object({
  jobId: z.number().int(),
  kind: z.enum(['backup', 'retention']),
  trigger: z.enum(['manual', 'schedule', 'erasure']),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

const dataSafetyView = z.object({
  settings: dataSafetySettingsSchema,
  /** The folder scheduled backups go to, resolved. */
  backupFolder: z.string(),
  backups: z.array(z.object({ name: z.string(), path: z.string(), bytes: z.number(), at: z.string() })),
  /** Recent backup, retention and retrain jobs with their reports. */
  jobs: z.array(maintenanceJobSchema),
});
export type DataSafetyView = z.infer<typeof dataSafetyView>;

export const erasureReportSchema = z.object({
  erasureId: z.number().int(),
  subjectHash: z.string(),
  counts: z.record(z.string(), z.number()),
  recordingsDeleted: z.number().int(),
  sidecarsDeleted: z.number().int(),
  leftInPlace: z.array(z.object({ path: z.string(), reason: z.string() })),
  reviewSets: z.array(z.object({ path: z.string(), exportedAt: z.string(), calls: z.number().int() })),
  retrainJobId: z.number().int().nullable(),
  walTruncated: z.boolean(),
});
export type ErasureReportView = z.infer<typeof erasureReportSchema>;

export const dataSafetyMethods = {
  getDataSafety: method(z.object({}), dataSafetyView, 'Backup schedule, retention rules, the scheduled backups kept (size, time) and recent maintenance jobs.'),
  updateDataSafety: method(
    dataSafetySettingsSchema.partial(),
    dataSafetyView,
    'Change the backup schedule or retention rules; they run as jobs at their time.',
  ),
  runMaintenance: method(
    z.object({ kind: z.enum(['backup', 'retention']) }),
    dataSafetyView,
    'Queue a backup or a retention pass now (a job row) and run it.',
  ),
  eraseLead: method(
    z.union([z.object({ leadId: z.string().min(1).max(500) }), z.object({ phone: z.string().min(1).max(100) })]),
    erasureReportSchema,
    "Erase a person (by lead id or phone number) everywhere: rows, transcripts, search and queue indexes, recordings, training rows. Cannot be undone.",
  ),
};
