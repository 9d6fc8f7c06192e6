import type { ConnectorView } from '../../shared/api/connectors';
import type { SecretName } from '../../shared/api/secret-names';
import { HUBSPOT_DEFAULT_BASE_URL } from '../crm/hubspot';
import { PIPEDRIVE_DEFAULT_BASE_URL } from '../crm/pipedrive';
import type { Db } from '../db/open';
import { baseUrlRefusal, UnsafeDestinationError, VENDOR_HOSTS, type BaseUrlRules } from '../net/destinations';
import type { SecretStore } from '../secrets/secret-store';
import { actionsOf, connectorStatus, connectorVendor, isConnector, isSchedulable, pauseConnector, scheduleConnector, unknownConnector, type ConnectorName, type ConnectorStatus } from './connector-controls';
import { enqueueRuns, latestFinishedRuns, openRuns } from './connector-runs';
import { TWILIO_DEFAULT_BASE_URL } from './twilio/twilio-api';

/** A request about a connector that cannot be done, with the HTTP status and the field it is about. */
export class ConnectorRequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly field?: 'connector' | 'baseUrl' | 'scheduleMinutes',
  ) {
    super(message);
  }
}

export function namedConnector(name: string): ConnectorName {
  if (!isConnector(name)) throw new ConnectorRequestError(404, unknownConnector(name), 'connector');
  return name;
}

const LABELS: Record<ConnectorName, string> = { twilio: 'Twilio', csv: 'CSV call log', hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive' };
const DEFAULT_BASE_URLS: Record<ConnectorName, string | null> = {
  twilio: TWILIO_DEFAULT_BASE_URL,
  csv: null,
  hubspot: HUBSPOT_DEFAULT_BASE_URL,
  // Each org has its own instance: the instance URL secret says which, unless a base URL is set.
  salesforce: null,
  pipedrive: PIPEDRIVE_DEFAULT_BASE_URL,
};

/** The secrets a run needs; Salesforce's instance URL only when no base URL stands in for it. */
function neededSecrets(c: ConnectorName, baseUrl: string | undefined): SecretName[] {
  switch (c) {
    case 'twilio':
      return ['twilio.account_sid', 'twilio.auth_token'];
    case 'hubspot':
      return ['hubspot.token'];
    case 'salesforce':
      return baseUrl ? ['salesforce.token'] : ['salesforce.token', 'salesforce.instance_url'];
    case 'pipedrive':
      return ['pipedrive.token'];
    case 'csv':
      return [];
  }
}

const SHOWN_FAILURES = 20;

interface RunSummary {
  counts?: Record<string, number>;
  failures?: { item: string; reason: string }[];
}

/** Counts and failed items: Twilio's from the calls it has seen, a CRM's from its latest push and pull. */
function countsAndFailures(db: Db, s: ConnectorStatus): Pick<ConnectorView, 'counts' | 'itemErrors'> {
  if (s.connector === 'twilio' || s.connector === 'csv') {
    const i = s.items;
    const failed = db
      .prepare(`SELECT remote_id AS item, error AS reason FROM sync_items WHERE connector = ? AND status = 'failed' ORDER BY updated_at DESC LIMIT ?`)
      .all(s.connector, SHOWN_FAILURES) as { item: string; reason: string | null }[];
    return {
      counts: [
        { label: 'calls ingested', count: i.ingested },
        { label: 'without recording', count: i.no_recording },
        { label: 'waiting', count: i.pending },
        { label: 'failed', count: i.failed },
      ],
      itemErrors: failed.map((f) => ({ item: f.item, reason: f.reason ?? 'failed' })),
    };
  }
  const counts: ConnectorView['counts'] = [];
  const itemErrors: ConnectorView['itemErrors'] = [];
  for (const r of latestFinishedRuns(db, s.connector)) {
    const sum = (r.summary ? JSON.parse(r.summary) : {}) as RunSummary;
    const c = sum.counts ?? {};
    const pick = (label: string, key: string): void => void counts.push({ label, count: c[key] ?? 0 });
    if (r.action === 'push') {
      pick('leads written', 'written');
      pick('push failed', 'failed');
      pick('skipped', 'skipped');
    } else {
      pick('leads read', 'read');
      pick('outcomes recorded', 'outcomes');
      pick('pull failed', 'failed');
    }
    for (const f of sum.failures ?? []) itemErrors.push({ item: f.item, reason: `${r.action}: ${f.reason}` });
  }
  return { counts, itemErrors: itemErrors.slice(0, SHOWN_FAILURES) };
}

/** One connector as Settings shows it. `setSecrets`: the names set in the secret store. */
export function connectorView(db: Db, s: ConnectorStatus, setSecrets: ReadonlySet<SecretName>): ConnectorView {
  const open = openRuns(db, s.connector);
  const busy = open.some((r) => r.state === 'running' || r.trigger === 'now');
  return {
    connector: s.connector,
    label: LABELS[s.connector],
    actions: actionsOf(s.connector),
    schedulable: isSchedulable(s.connector),
    paused: s.paused,
    state: s.state,
    busy,
    scheduleMinutes: s.scheduleMinutes,
    baseUrl: s.options.baseUrl ?? null,
    defaultBaseUrl: DEFAULT_BASE_URLS[s.connector],
    nextRunAt: busy && !s.paused ? new Date().toISOString() : s.nextRunAt,
    lastStartedAt: s.lastStartedAt,
    lastFinishedAt: s.lastFinishedAt,
    lastError: s.lastError,
    ...countsAndFailures(db, s),
    credentials: neededSecrets(s.connector, s.options.baseUrl).map((name) => ({ name, set: setSecrets.has(name) })),
  };
}

export async function listConnectorViews(db: Db, secrets: SecretStore | null): Promise<ConnectorView[]> {
  const set = new Set(secrets ? await secrets.list() : []);
  return connectorStatus(db).map((s) => connectorView(db, s, set));
}

export async function oneConnectorView(db: Db, c: ConnectorName, secrets: SecretStore | null): Promise<ConnectorView> {
  const views = await listConnectorViews(db, secrets);
  return views.find((v) => v.connector === c) as ConnectorView;
}

export interface ConnectorPatch {
  paused?: boolean;
  scheduleMinutes?: number | null;
  /** null or empty: the vendor's own host. */
  baseUrl?: string | null;
}

/**
 * Pauses or resumes, sets or clears the schedule and the base URL. A base URL must be one the
 * connector's credentials may go to (net/destinations, with `rules`). Nothing is stored unless
 * every part of the change is valid.
 */
export function changeConnectorSettings(db: Db, c: ConnectorName, patch: ConnectorPatch, rules: BaseUrlRules): void {
  const current = connectorStatus(db).find((s) => s.connector === c) as ConnectorStatus;
  const minutes = patch.scheduleMinutes === undefined ? current.scheduleMinutes : patch.scheduleMinutes;
  const rawUrl = patch.baseUrl === undefined ? current.options.baseUrl : patch.baseUrl?.trim() || undefined;
  db.transaction(() => {
    if (patch.scheduleMinutes !== undefined || patch.baseUrl !== undefined) {
      try {
        // A URL already stored was checked when it was saved; only a new one is held to `rules` here.
        scheduleConnector(db, c, minutes, rawUrl ? { baseUrl: rawUrl } : {}, patch.baseUrl === undefined ? { allowLoopback: true } : rules);
      } catch (err) {
        const field = err instanceof UnsafeDestinationError || /base URL/.test((err as Error).message) ? 'baseUrl' : 'scheduleMinutes';
        throw new ConnectorRequestError(400, (err as Error).message, field);
      }
    }
    if (patch.paused !== undefined) pauseConnector(db, c, patch.paused);
  })();
}

/**
 * "Sync now": queues a run of the connector, due at once, after checking what would make it fail
 * before it starts (paused, credentials missing, a stored base URL no longer allowed).
 */
export async function requestRunNow(db: Db, c: ConnectorName, secrets: SecretStore | null): Promise<void> {
  if (!isSchedulable(c)) throw new ConnectorRequestError(409, 'csv syncs the files you name: run `sync csv <call-log.csv> <folder>`', 'connector');
  const s = connectorStatus(db).find((x) => x.connector === c) as ConnectorStatus;
  if (s.paused) throw new ConnectorRequestError(409, `${c} is paused: resume it first`);
  if (openRuns(db, c).some((r) => r.state === 'running')) throw new ConnectorRequestError(409, `a ${LABELS[c]} run is already running`);
  const refusal = s.options.baseUrl ? baseUrlRefusal(s.options.baseUrl, connectorVendor(c), { allowLoopback: true }) : null;
  if (refusal) throw new ConnectorRequestError(409, `the stored base URL cannot be used: ${refusal}`, 'baseUrl');
  const missing: SecretName[] = [];
  for (const name of neededSecrets(c, s.options.baseUrl)) if (!secrets || !(await secrets.get(name))) missing.push(name);
  if (missing.length) throw new ConnectorRequestError(409, `${VENDOR_HOSTS[connectorVendor(c)].name} credentials missing: set ${missing.join(', ')} in Settings → API keys (or the environment)`);
  enqueueRuns(db, c, 'now', Date.now());
}
