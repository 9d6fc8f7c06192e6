import { dirname, join, resolve } from 'node:path';
import type { Db } from '../db/open';

/** The backup schedule and the retention rules (migration 0180): one row, in the database they protect. */
export interface DataSafetySettings {
  /** Where scheduled backups go; null: `backups/` beside the database. */
  backupFolder: string | null;
  /** Hours between scheduled backups; null: no schedule. */
  backupEveryHours: number | null;
  /** Scheduled backups kept; older ones are removed after each new one. */
  backupKeep: number;
  /** Days audio is kept after the call; null: kept. */
  audioDays: number | null;
  /** Days transcripts are kept after the call; null: kept. Scores and outcomes are always kept. */
  transcriptDays: number | null;
}

export function readDataSafetySettings(db: Db): DataSafetySettings {
  const r = db.prepare('SELECT * FROM data_safety_settings WHERE id = 1').get() as
    | { backup_folder: string | null; backup_every_hours: number | null; backup_keep: number; audio_days: number | null; transcript_days: number | null }
    | undefined;
  return {
    backupFolder: r?.backup_folder ?? null,
    backupEveryHours: r?.backup_every_hours ?? null,
    backupKeep: r?.backup_keep ?? 7,
    audioDays: r?.audio_days ?? null,
    transcriptDays: r?.transcript_days ?? null,
  };
}

export function writeDataSafetySettings(db: Db, change: Partial<DataSafetySettings>): DataSafetySettings {
  const next = { ...readDataSafetySettings(db), ...change };
  db.prepare(
    `INSERT INTO data_safety_settings (id, backup_folder, backup_every_hours, backup_keep, audio_days, transcript_days)
     VALUES (1, @backupFolder, @backupEveryHours, @backupKeep, @audioDays, @transcriptDays)
     ON CONFLICT (id) DO UPDATE SET backup_folder = excluded.backup_folder, backup_every_hours = excluded.backup_every_hours,
       backup_keep = excluded.backup_keep, audio_days = excluded.audio_days, transcript_days = excluded.transcript_days`,
  ).run({ ...next, backupFolder: next.backupFolder ? resolve(next.backupFolder) : null });
  return readDataSafetySettings(db);
}

export function backupFolderOf(settings: DataSafetySettings, dbPath: string): string {
  return settings.backupFolder ?? join(dirname(resolve(dbPath)), 'backups');
}
