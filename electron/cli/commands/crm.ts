import { openDatabase } from '../../db/open';
import { hubspotAdapter, HUBSPOT_DEFAULT_BASE_URL } from '../../crm/hubspot';
import { pushToCrm, type PushLine } from '../../crm/push';
import { CRM_VENDORS, type CrmVendor } from '../../crm/plan-push';
import { cliSecretStore } from '../../secrets/cli-secret-store';
import { flagBool, flagString } from '../args';
import { EXIT_ITEMS_FAILED, EXIT_OK, UsageError, type CliCommand } from '../command';

function describe(l: PushLine): string {
  const f = l.fields;
  const was = l.previous ? ` (was ${l.previous.score} ${l.previous.band})` : ' (first push)';
  const values = `score=${f.score} band=${f.band} probability=${f.probability ?? '-'} top_reason="${f.top_reason}"`;
  return `  ${l.outcome.padEnd(7)} ${l.leadId} -> ${l.matchKey}${l.remoteId ? ` [${l.remoteId}]` : ''}: ${values}${was}${l.error ? ` — ${l.error}` : ''}`;
}

export const crmCommand: CliCommand = {
  name: 'crm',
  usage: 'crm push <hubspot|salesforce|pipedrive> [--dry-run] [--base-url URL]',
  summary: 'write lead score, band, probability and top reason to a CRM (--dry-run lists exactly what would change)',
  async run({ args, io, dbPath }) {
    const [sub, vendorArg] = args.positionals;
    if (sub !== 'push') throw new UsageError('crm needs a sub-command: crm push <hubspot|salesforce|pipedrive>');
    if (!vendorArg || !(CRM_VENDORS as readonly string[]).includes(vendorArg)) throw new UsageError(`crm push needs a CRM: ${CRM_VENDORS.join(', ')}`);
    const vendor = vendorArg as CrmVendor;
    if (vendor !== 'hubspot') throw new UsageError(`crm push ${vendor} is not implemented yet; only hubspot is`);
    const token = await cliSecretStore(dbPath).get('hubspot.token');
    if (!token) throw new UsageError('HubSpot token missing: set HUBSPOT_TOKEN (a private app access token) or store it in the secure store');
    const dryRun = flagBool(args, 'dry-run');
    const db = openDatabase(dbPath);
    try {
      const adapter = hubspotAdapter({
        baseUrl: flagString(args, 'base-url') ?? HUBSPOT_DEFAULT_BASE_URL,
        token,
        onWait: (w) => io.stderr.write(`  waiting ${(w.waitMs / 1000).toFixed(1)} s: ${w.detail} on ${w.url}\n`),
      });
      const report = await pushToCrm(db, adapter, { dryRun });
      const count = (o: PushLine['outcome']): number => report.lines.filter((l) => l.outcome === o).length;
      io.stdout.write(
        dryRun
          ? `dry run for ${vendor}: ${count('planned')} changes would be written, ${count('skipped')} skipped (run ${report.runId})\n`
          : `pushed to ${vendor}: ${count('written')} written, ${count('failed')} failed, ${count('skipped')} skipped (run ${report.runId})\n`,
      );
      for (const l of report.lines) io.stdout.write(describe(l) + '\n');
      return count('failed') > 0 ? EXIT_ITEMS_FAILED : EXIT_OK;
    } finally {
      db.close();
    }
  },
};
