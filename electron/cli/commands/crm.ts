import { openDatabase } from '../../db/open';
import { crmAdapterFor, MissingCredentialError } from '../../crm/adapter-for';
import type { CrmAdapter } from '../../crm/crm-adapter';
import { CRM_VENDORS, type CrmVendor } from '../../crm/plan-push';
import { pullFromCrm, type PullReport } from '../../crm/pull';
import { pushToCrm, type PushLine } from '../../crm/push';
import { pushRunLines, pushRuns } from '../../crm/push-log';
import { describePull, describePush, pushCounts } from '../../crm/describe-crm-run';
import { UnsafeDestinationError } from '../../net/destinations';
import { runDueRetrains } from '../../scoring/model/retrain-jobs';
import { cliSecretStore } from '../../secrets/cli-secret-store';
import { flagBool, flagInt, flagString } from '../args';
import { EXIT_ITEMS_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../command';

function describe(l: PushLine): string {
  const f = l.fields;
  const was = l.previous ? ` (was ${l.previous.score} ${l.previous.band})` : ' (first push)';
  const values = `score=${f.score} band=${f.band} probability=${f.probability ?? '-'} top_reason="${f.top_reason}"`;
  return `  ${l.outcome.padEnd(7)} ${l.leadId} -> ${l.matchKey}${l.remoteId ? ` [${l.remoteId}]` : ''}: ${values}${was}${l.error ? ` — ${l.error}` : ''}`;
}

async function push(adapter: CrmAdapter, dbPath: string, dryRun: boolean, io: CliIO): Promise<number> {
  const db = openDatabase(dbPath);
  try {
    const report = await pushToCrm(db, adapter, { dryRun });
    io.stdout.write(describePush(adapter.vendor, report) + '\n');
    for (const l of report.lines) io.stdout.write(describe(l) + '\n');
    return pushCounts(report).failed > 0 ? EXIT_ITEMS_FAILED : EXIT_OK;
  } finally {
    db.close();
  }
}

function pullSummary(vendor: string, r: PullReport): string {
  const lines = r.lines.map(
    (l) =>
      `  ${l.leadId} [${l.remoteId}]: status ${l.leadStatus.old ?? '-'} -> ${l.leadStatus.new ?? '-'}` +
      (l.outcome.recorded ? `, outcome ${l.outcome.old ?? '-'} -> ${l.outcome.new}` : '') +
      ` (${l.evidence})`,
  );
  const missing = r.missing.map((id) => `  missing ${id}: the linked ${vendor} record was not found`);
  const failed = r.failed.map((f) => `  failed ${f.leadId}: ${f.reason}`);
  return [describePull(vendor, r), ...lines, ...missing, ...failed].join('\n') + '\n';
}

/** `crm log [vendor] [--run ID] [--limit N]`: the push log, a line a run, or every line of one run. */
function showLog(dbPath: string, vendor: string | undefined, runId: string | undefined, limit: number, io: CliIO): number {
  const db = openDatabase(dbPath);
  try {
    if (runId) {
      const lines = pushRunLines(db, runId);
      if (!lines.length) throw new UsageError(`no push run ${runId} in the log`);
      for (const l of lines) io.stdout.write(`  ${l.outcome.padEnd(7)} ${l.leadId} -> ${l.matchKey}${l.remoteId ? ` [${l.remoteId}]` : ''}: ${l.fields}${l.error ? ` — ${l.error}` : ''}\n`);
      return EXIT_OK;
    }
    const runs = pushRuns(db, vendor ?? null, limit);
    if (!runs.length) io.stdout.write('no CRM pushes yet\n');
    for (const r of runs) {
      const c = r.counts;
      const what = r.dryRun ? `dry run: ${c.planned} planned` : `${c.written} written, ${c.failed} failed`;
      io.stdout.write(`${r.at} ${r.vendor} ${r.runId}: ${what}, ${c.skipped} skipped\n`);
    }
    return EXIT_OK;
  } finally {
    db.close();
  }
}

export const crmCommand: CliCommand = {
  name: 'crm',
  usage: 'crm push <hubspot|salesforce|pipedrive> [--dry-run] [--base-url URL] | crm pull <hubspot|salesforce|pipedrive> [--base-url URL] | crm log [vendor] [--run ID] [--limit N]',
  summary: 'write lead score, band, probability and top reason to a CRM (--dry-run lists exactly what would change); pull lead status and won/lost back',
  async run({ args, io, dbPath }) {
    const [sub, vendorArg] = args.positionals;
    if (sub === 'log') return showLog(dbPath, vendorArg, flagString(args, 'run'), flagInt(args, 'limit', 1) ?? 20, io);
    if (sub !== 'push' && sub !== 'pull') throw new UsageError('crm needs a sub-command: crm push|pull <hubspot|salesforce|pipedrive>, or crm log');
    if (!vendorArg || !(CRM_VENDORS as readonly string[]).includes(vendorArg)) throw new UsageError(`crm ${sub} needs a CRM: ${CRM_VENDORS.join(', ')}`);
    let adapter: CrmAdapter;
    try {
      adapter = await crmAdapterFor(vendorArg as CrmVendor, cliSecretStore(dbPath), flagString(args, 'base-url'), {
        onWait: (w) => io.stderr.write(`  waiting ${(w.waitMs / 1000).toFixed(1)} s: ${w.detail} on ${w.url}\n`),
      });
    } catch (err) {
      if (err instanceof MissingCredentialError || err instanceof UnsafeDestinationError) throw new UsageError(err.message);
      throw err;
    }
    if (sub === 'push') return push(adapter, dbPath, flagBool(args, 'dry-run'), io);
    const db = openDatabase(dbPath);
    try {
      const report = await pullFromCrm(db, adapter);
      // The outcomes queued a retrain (a job row); a one-shot command runs it before it exits.
      if (report.retrainJob !== null) report.retrained = runDueRetrains(db, `cli:${process.pid}`, { ignoreDebounce: true }).trained;
      io.stdout.write(pullSummary(adapter.vendor, report));
      return report.failed.length ? EXIT_ITEMS_FAILED : EXIT_OK;
    } finally {
      db.close();
    }
  },
};
