import { openDatabase } from '../../db/open';
import { readDataSafetySettings, writeDataSafetySettings } from '../../maintenance/data-safety-settings';
import { enqueueMaintenance } from '../../maintenance/maintenance-jobs';
import { runQueuedMaintenance } from '../../maintenance/run-maintenance';
import { flagBool, flagInt, flagString } from '../args';
import { EXIT_ITEMS_FAILED, EXIT_OK, UsageError, type CliCommand } from '../command';

/** "off" clears a rule; a number of days sets it. */
function days(value: string | undefined, name: string): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'off') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} takes a whole number of days (1 or more) or "off"`);
  return n;
}

export const retentionCommand: CliCommand = {
  name: 'retention',
  usage: 'retention [--audio-days N|off] [--transcript-days N|off] [--backup-every-hours N|off] [--backup-keep N] [--run] [--json]',
  summary: 'show or set retention and backup rules; --run applies retention now (scores and outcomes are kept)',
  async run({ args, io, dbPath }) {
    const db = openDatabase(dbPath);
    try {
      const audioDays = days(flagString(args, 'audio-days'), 'audio-days');
      const transcriptDays = days(flagString(args, 'transcript-days'), 'transcript-days');
      const backupEveryHours = days(flagString(args, 'backup-every-hours'), 'backup-every-hours');
      const backupKeep = flagInt(args, 'backup-keep', 1);
      const change = {
        ...(audioDays === undefined ? {} : { audioDays }),
        ...(transcriptDays === undefined ? {} : { transcriptDays }),
        ...(backupEveryHours === undefined ? {} : { backupEveryHours }),
        ...(backupKeep === undefined ? {} : { backupKeep }),
      };
      const settings = Object.keys(change).length ? writeDataSafetySettings(db, change) : readDataSafetySettings(db);
      const ran = flagBool(args, 'run')
        ? (enqueueMaintenance(db, 'retention', 'manual'), await runQueuedMaintenance(db, { dbPath }))
        : [];
      if (flagBool(args, 'json')) io.stdout.write(JSON.stringify({ settings, ran }, null, 2) + '\n');
      else {
        const d = (n: number | null): string => (n ? `${n} days` : 'kept');
        io.stdout.write(`audio: ${d(settings.audioDays)}; transcripts: ${d(settings.transcriptDays)}; scores and outcomes: kept\n`);
        for (const j of ran) io.stdout.write(`${j.kind} #${j.jobId}: ${j.state} ${j.error ?? JSON.stringify(j.result)}\n`);
      }
      return ran.some((j) => j.state === 'failed') ? EXIT_ITEMS_FAILED : EXIT_OK;
    } finally {
      db.close();
    }
  },
};
