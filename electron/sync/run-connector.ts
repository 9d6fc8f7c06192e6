import { crmAdapterFor } from '../crm/adapter-for';
import { describePull, describePush, pullCounts, pushCounts } from '../crm/describe-crm-run';
import type { CrmVendor } from '../crm/plan-push';
import { pullFromCrm } from '../crm/pull';
import { pushToCrm } from '../crm/push';
import type { Db } from '../db/open';
import type { PhoneRegion } from '../ingest/phone';
import type { SecretStore } from '../secrets/secret-store';
import { connectorStatus, type ConnectorName } from './connector-controls';
import { latestFinishedRuns, type ConnectorRunRow } from './connector-runs';
import { recordingsStore } from './recordings-store';
import { finishRun, getConnector } from './sync-store';
import { describeTwilioSync, runTwilioSync } from './twilio/twilio-run';

export interface RunDeps {
  secrets: SecretStore;
  dbPath: string;
  phoneRegion?: PhoneRegion;
  /** Told as items are done, so an open Settings page follows the run. */
  onProgress?: () => void;
}

/** A failed item of a run, as Settings lists it. */
export interface ItemFailure {
  item: string;
  reason: string;
}

export interface RunOutcome {
  /** Why the run failed, or how many of its items did; null when everything went. */
  error: string | null;
  /** Counts and the first failed items, kept with the run's row. */
  summary: { counts: Record<string, number>; failures: ItemFailure[] };
  /** The outcome in the words the CLI prints. */
  lines: string[];
}

/** A run keeps its first failures: enough to see what went wrong, without copying a whole CRM into a row. */
const KEPT_FAILURES = 50;

async function twilioRun(db: Db, row: ConnectorRunRow, deps: RunDeps): Promise<RunOutcome> {
  const baseUrl = connectorStatus(db).find((s) => s.connector === 'twilio')?.options.baseUrl;
  const s = await runTwilioSync(db, {
    secrets: deps.secrets,
    recordingsDir: recordingsStore(deps.dbPath, 'twilio'),
    baseUrl,
    phoneRegion: deps.phoneRegion,
    onEvent: (e) => e.type !== 'wait' && deps.onProgress?.(),
  });
  // The sync store already holds the connector's last error; the row keeps the same words.
  const error = getConnector(db, row.connector).last_error;
  return {
    error,
    summary: {
      counts: { listed: s.listedCalls, new: s.newCalls, ingested: s.ingested, no_recording: s.noRecording, pending: s.stillPending, failed: s.failed.length },
      failures: s.failed.slice(0, KEPT_FAILURES).map((f) => ({ item: f.callSid, reason: f.reason })),
    },
    lines: describeTwilioSync(s),
  };
}

async function crmRun(db: Db, row: ConnectorRunRow, deps: RunDeps): Promise<RunOutcome> {
  const vendor = row.connector as CrmVendor;
  const baseUrl = connectorStatus(db).find((s) => s.connector === vendor)?.options.baseUrl;
  const adapter = await crmAdapterFor(vendor, deps.secrets, baseUrl, {});
  if (row.action === 'push') {
    const report = await pushToCrm(db, adapter, { dryRun: false });
    const counts = pushCounts(report);
    const failures = report.lines.filter((l) => l.outcome === 'failed').map((l) => ({ item: l.leadId, reason: l.error ?? 'failed' }));
    return {
      error: counts.failed ? `${counts.failed} of ${counts.written + counts.failed} leads not written: ${failures[0]?.reason ?? ''}` : null,
      summary: { counts: { written: counts.written, failed: counts.failed, skipped: counts.skipped }, failures: failures.slice(0, KEPT_FAILURES) },
      lines: [describePush(vendor, report)],
    };
  }
  const report = await pullFromCrm(db, adapter);
  const counts = pullCounts(report);
  const failures = [...report.failed.map((f) => ({ item: f.leadId, reason: f.reason })), ...report.missing.map((id) => ({ item: id, reason: `the linked ${vendor} record was not found` }))];
  return {
    error: counts.failed ? `${counts.failed} of ${counts.linked} linked leads not read: ${report.failed[0]?.reason ?? ''}` : null,
    summary: { counts, failures: failures.slice(0, KEPT_FAILURES) },
    lines: [describePull(vendor, report)],
  };
}

/** Marks the connector running without forgetting its last error: a CRM's pull must not hide its push's. */
function markStarted(db: Db, c: ConnectorName): void {
  getConnector(db, c);
  db.prepare(`UPDATE sync_connectors SET state = 'running', last_started_at = ? WHERE connector = ?`).run(new Date().toISOString(), c);
}

/**
 * A CRM connector's last error is that of its latest push and its latest pull together, so the
 * one shown says which of the two failed; its summary holds both runs' counts.
 */
function settleCrmConnector(db: Db, c: ConnectorName): void {
  const latest = latestFinishedRuns(db, c);
  const errors = latest.filter((r) => r.error).map((r) => `${r.action}: ${r.error}`);
  const summary = Object.fromEntries(latest.map((r) => [r.action, r.summary ? (JSON.parse(r.summary) as unknown) : null]));
  finishRun(db, c, { error: errors.length ? errors.join('; ') : null, summary });
}

/**
 * Runs one claimed row: a Twilio sync, or a CRM push or pull. Never throws: a run that cannot
 * start (no credentials, a refused base URL) or dies mid-way is an outcome with its reason, kept
 * as the connector's last error, so one bad connector never stops the others.
 */
export async function runConnectorRow(db: Db, row: ConnectorRunRow, deps: RunDeps): Promise<RunOutcome> {
  // A Twilio sync marks its own start (and a paused one leaves the state alone).
  if (row.connector !== 'twilio') markStarted(db, row.connector);
  const before = new Date().toISOString();
  let outcome: RunOutcome;
  try {
    outcome = row.connector === 'twilio' ? await twilioRun(db, row, deps) : await crmRun(db, row, deps);
  } catch (err) {
    const message = (err as Error).message;
    outcome = { error: message, summary: { counts: {}, failures: [] }, lines: [message] };
    // A sync that failed before it started (no credentials, say) is recorded here, so its schedule moves on.
    const last = getConnector(db, row.connector).last_started_at;
    if (row.connector === 'twilio' && (last === null || last < before)) {
      markStarted(db, 'twilio');
      finishRun(db, 'twilio', { error: message, summary: null });
    }
  }
  return outcome;
}

/** After the row itself is stored: the connector's state shows what its latest runs did. */
export function settleConnector(db: Db, c: ConnectorName): void {
  if (c !== 'twilio') settleCrmConnector(db, c);
}
