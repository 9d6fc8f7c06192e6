import { resolve } from 'node:path';
import { openDatabase } from '../../db/open';
import { cliSecretStore } from '../../secrets/cli-secret-store';
import { syncCsv } from '../../sync/csv/csv-sync';
import { describeWaits } from '../../sync/describe-waits';
import { recordingsStore } from '../../sync/recordings-store';
import { TWILIO_DEFAULT_BASE_URL } from '../../sync/twilio/twilio-api';
import { ensureDir, syncTwilio, type TwilioSyncEvent } from '../../sync/twilio/twilio-sync';
import { flagInt, flagString } from '../args';
import { EXIT_ITEMS_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../command';


function printEvent(io: CliIO, e: TwilioSyncEvent): void {
  if (e.type === 'page') io.stdout.write(`  ${e.list} page ${e.page}: ${e.items} listed${e.list === 'calls' ? `, ${e.newItems} new` : ''}\n`);
  // Waits go to stderr as they happen, so a slow sync always says why it is slow.
  if (e.type === 'wait')
    io.stderr.write(`  waiting ${(e.notice.waitMs / 1000).toFixed(1)} s (attempt ${e.notice.attempt}): ${e.notice.detail} on ${e.notice.url}\n`);
  if (e.type === 'item' && e.status === 'failed') io.stderr.write(`  failed ${e.callSid}: ${e.detail}\n`);
}

async function runTwilio(args: Parameters<CliCommand['run']>[0]): Promise<number> {
  const { io, dbPath } = args;
  const secrets = cliSecretStore(dbPath);
  const accountSid = await secrets.get('twilio.account_sid');
  const authToken = await secrets.get('twilio.auth_token');
  if (!accountSid || !authToken) throw new UsageError('Twilio credentials missing: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or store them in the secure store)');
  const since = flagString(args.args, 'since');
  if (since !== undefined && Number.isNaN(Date.parse(since))) throw new UsageError(`--since must be an ISO 8601 date, got "${since}"`);
  const baseUrl = flagString(args.args, 'base-url') ?? TWILIO_DEFAULT_BASE_URL;
  const db = openDatabase(dbPath);
  try {
    const recordingsDir = await ensureDir(recordingsStore(dbPath, 'twilio'));
    io.stdout.write(`syncing Twilio account ${accountSid.slice(0, 6)}… from ${baseUrl} into ${recordingsDir}\n`);
    const s = await syncTwilio(db, {
      baseUrl,
      credentials: { accountSid, authToken },
      recordingsDir,
      since,
      pageSize: flagInt(args.args, 'page-size', 1),
      concurrency: flagInt(args.args, 'concurrency', 1),
      onEvent: (e) => printEvent(io, e),
    });
    if (s.paused) {
      io.stdout.write('the Twilio connector is paused: nothing synced\n');
      return EXIT_OK;
    }
    io.stdout.write(
      `listed ${s.listedCalls} calls (${s.newCalls} new); in store: ${s.ingested} ingested, ${s.noRecording} without recording, ` +
        `${s.stillPending} waiting for Twilio, ${s.failed.length} failed; cursor ${s.cursor ?? '(none)'}\n`,
    );
    for (const line of describeWaits(s.waits)) io.stdout.write(line + '\n');
    for (const f of s.failed) io.stdout.write(`  failed ${f.callSid}: ${f.reason}\n`);
    return s.failed.length ? EXIT_ITEMS_FAILED : EXIT_OK;
  } finally {
    db.close();
  }
}

async function runCsv(args: Parameters<CliCommand['run']>[0]): Promise<number> {
  const [, csvPath, folder] = args.args.positionals;
  if (!csvPath || !folder) throw new UsageError('sync csv needs a call log and a recordings folder: sync csv <call-log.csv> <recordings-folder>');
  const db = openDatabase(args.dbPath);
  try {
    const recordingsDir = await ensureDir(recordingsStore(args.dbPath, 'csv'));
    const s = await syncCsv(db, { csvPath: resolve(csvPath), recordingsFolder: resolve(folder), recordingsDir });
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
  usage: 'sync twilio [--since ISO] [--base-url URL] | sync csv <call-log.csv> <recordings-folder>',
  summary: 'pull calls and recordings from Twilio, or from a call-log CSV plus a recordings folder, into the store',
  async run(ctx) {
    const which = ctx.args.positionals[0];
    if (which === 'twilio') return runTwilio(ctx);
    if (which === 'csv') return runCsv(ctx);
    throw new UsageError(which ? `unknown sync source "${which}": use twilio or csv` : 'sync needs a source: twilio or csv');
  },
};
