import { resolve } from 'node:path';
import { openDatabase } from '../../db/open';
import { UnsafeDestinationError } from '../../net/destinations';
import { cliSecretStore } from '../../secrets/cli-secret-store';
import { syncCsv } from '../../sync/csv/csv-sync';
import { recordingsStore } from '../../sync/recordings-store';
import { describeTwilioSync, MissingTwilioCredentials, runTwilioSync } from '../../sync/twilio/twilio-run';
import { ensureDir, type TwilioSyncEvent } from '../../sync/twilio/twilio-sync';
import { connectorControls } from './sync-controls';
import { flagInt, flagString } from '../args';
import { EXIT_ITEMS_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../command';
import { regionFlag } from '../region-flag';


function printEvent(io: CliIO, e: TwilioSyncEvent): void {
  if (e.type === 'page') io.stdout.write(`  ${e.list} page ${e.page}: ${e.items} listed${e.list === 'calls' ? `, ${e.newItems} new` : ''}\n`);
  // Waits go to stderr as they happen, so a slow sync always says why it is slow.
  if (e.type === 'wait')
    io.stderr.write(`  waiting ${(e.notice.waitMs / 1000).toFixed(1)} s (attempt ${e.notice.attempt}): ${e.notice.detail} on ${e.notice.url}\n`);
  if (e.type === 'item' && e.status === 'failed') io.stderr.write(`  failed ${e.callSid}: ${e.detail}\n`);
}

async function runTwilio(args: Parameters<CliCommand['run']>[0]): Promise<number> {
  const { io, dbPath } = args;
  const since = flagString(args.args, 'since');
  if (since !== undefined && Number.isNaN(Date.parse(since))) throw new UsageError(`--since must be an ISO 8601 date, got "${since}"`);
  const phoneRegion = regionFlag(args.args, dbPath);
  const db = openDatabase(dbPath);
  try {
    const s = await runTwilioSync(db, {
      secrets: cliSecretStore(dbPath),
      recordingsDir: recordingsStore(dbPath, 'twilio'),
      baseUrl: flagString(args.args, 'base-url'),
      since,
      pageSize: flagInt(args.args, 'page-size', 1),
      concurrency: flagInt(args.args, 'concurrency', 1),
      onEvent: (e) => printEvent(io, e),
      phoneRegion,
    });
    if (!s.paused) io.stdout.write(`synced Twilio account ${s.accountHint} from ${s.baseUrl} into ${s.recordingsDir}\n`);
    for (const line of describeTwilioSync(s)) io.stdout.write(line + '\n');
    return s.failed.length ? EXIT_ITEMS_FAILED : EXIT_OK;
  } catch (err) {
    if (err instanceof MissingTwilioCredentials || err instanceof UnsafeDestinationError) throw new UsageError(err.message);
    throw err;
  } finally {
    db.close();
  }
}

async function runCsv(args: Parameters<CliCommand['run']>[0]): Promise<number> {
  const [, csvPath, folder] = args.args.positionals;
  if (!csvPath || !folder) throw new UsageError('sync csv needs a call log and a recordings folder: sync csv <call-log.csv> <recordings-folder>');
  const phoneRegion = regionFlag(args.args, args.dbPath);
  const db = openDatabase(args.dbPath);
  try {
    const recordingsDir = await ensureDir(recordingsStore(args.dbPath, 'csv'));
    const s = await syncCsv(db, { csvPath: resolve(csvPath), recordingsFolder: resolve(folder), recordingsDir, phoneRegion });
    args.io.stdout.write(
      `read ${s.rows} rows: ${s.added} added, ${s.alreadySynced} already synced, ${s.noRecording} without recording, ${s.failed.length} failed\n`,
    );
    for (const f of s.failed) args.io.stdout.write(`  row ${f.row} (${f.callId ?? 'no id'}): ${f.reason}\n`);
    return s.failed.length ? EXIT_ITEMS_FAILED : EXIT_OK;
  } finally {
    db.close();
  }
}

export const syncCommand: CliCommand = {
  name: 'sync',
  usage:
    'sync twilio [--since ISO] [--base-url URL] [--region US] | sync csv <call-log.csv> <recordings-folder> [--region US] | sync status [--json] | sync pause|resume <twilio|csv|hubspot|salesforce|pipedrive> | sync schedule <twilio|hubspot|salesforce|pipedrive> <minutes|off> [--base-url URL]',
  summary: 'pull calls and recordings from Twilio, or from a call-log CSV plus a recordings folder, into the store; show, pause, resume and schedule connectors',
  async run(ctx) {
    const which = ctx.args.positionals[0];
    if (which === 'twilio') return runTwilio(ctx);
    if (which === 'csv') return runCsv(ctx);
    const control = which ? connectorControls[which] : undefined;
    if (control) return control(ctx);
    throw new UsageError(which ? `unknown sync source "${which}": use twilio, csv, status, pause, resume or schedule` : 'sync needs a source: twilio or csv');
  },
};
