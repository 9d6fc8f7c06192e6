import { CONNECTOR_NAMES, MAX_SCHEDULE_MINUTES, type ConnectorName } from '../../shared/api/connectors';
import type { Db } from '../db/open';
import { checkedBaseUrl, type BaseUrlRules, type CredentialedVendor } from '../net/destinations';
import { countItems, getConnector, setPaused, type ConnectorRow, type ItemStatus } from './sync-store';

/**
 * The connectors the app knows: Twilio syncs calls in, the CRMs take scores out (push) and bring
 * lead status and won/lost back (pull). All but CSV run on a schedule: CSV runs on files a user hands it.
 */
export const CONNECTORS = CONNECTOR_NAMES;
export type { ConnectorName };
export type SchedulableConnector = Exclude<ConnectorName, 'csv'>;
export const SCHEDULABLE: readonly SchedulableConnector[] = ['twilio', 'hubspot', 'salesforce', 'pipedrive'];

/** What a run of the connector does, one stored run row each: Twilio syncs; a CRM pushes, then pulls. */
export type ConnectorAction = 'sync' | 'push' | 'pull';
export function actionsOf(c: ConnectorName): ConnectorAction[] {
  if (c === 'csv') return [];
  return c === 'twilio' ? ['sync'] : ['push', 'pull'];
}

export function isSchedulable(c: ConnectorName): c is SchedulableConnector {
  return (SCHEDULABLE as readonly string[]).includes(c);
}

/** The message for a name that is no connector, in the words every surface uses. */
export function unknownConnector(name: string): string {
  return `no connector "${name}": one of ${CONNECTORS.join(', ')}`;
}

/** Whose credentials the connector's base URL would receive. */
export function connectorVendor(c: SchedulableConnector): CredentialedVendor {
  return c;
}

export interface ConnectorOptions {
  baseUrl?: string;
}

export interface ConnectorStatus {
  connector: ConnectorName;
  paused: boolean;
  state: ConnectorRow['state'];
  scheduleMinutes: number | null;
  options: ConnectorOptions;
  cursor: string | null;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastError: string | null;
  lastSummary: unknown;
  items: Record<ItemStatus, number>;
  /** When a scheduled run is next due (now, if overdue); null without a schedule or while paused. */
  nextRunAt: string | null;
}

export function isConnector(s: string | undefined): s is ConnectorName {
  return (CONNECTORS as readonly (string | undefined)[]).includes(s);
}

type Row = ConnectorRow & { options: string };

function nextRun(r: Row, nowMs: number): string | null {
  if (r.schedule_minutes === null || r.paused) return null;
  const last = r.last_started_at ? Date.parse(r.last_started_at) : -Infinity;
  return new Date(Math.max(nowMs, last + r.schedule_minutes * 60_000)).toISOString();
}

export function connectorStatus(db: Db, nowMs = Date.now()): ConnectorStatus[] {
  return CONNECTORS.map((c) => {
    getConnector(db, c);
    const r = db.prepare('SELECT * FROM sync_connectors WHERE connector = ?').get(c) as Row;
    return {
      connector: c,
      paused: r.paused === 1,
      state: r.state,
      scheduleMinutes: r.schedule_minutes,
      options: JSON.parse(r.options || '{}') as ConnectorOptions,
      cursor: r.cursor,
      lastStartedAt: r.last_started_at,
      lastFinishedAt: r.last_finished_at,
      lastError: r.last_error,
      lastSummary: r.last_summary ? (JSON.parse(r.last_summary) as unknown) : null,
      items: countItems(db, c),
      nextRunAt: nextRun(r, nowMs),
    };
  });
}

export function pauseConnector(db: Db, c: ConnectorName, paused: boolean): void {
  setPaused(db, c, paused);
}

/**
 * Sets the schedule and the options its runs use. A base URL must be one the connector's
 * credentials may go to (net/destinations): `rules` says whether a loopback test server counts,
 * which it does not for a URL that arrived over the REST API.
 */
export function scheduleConnector(db: Db, c: ConnectorName, minutes: number | null, options: ConnectorOptions = {}, rules: BaseUrlRules = { allowLoopback: true }): void {
  if (!isSchedulable(c)) {
    if (minutes !== null) throw new Error(`${c} cannot run on a schedule: it syncs files you name when you run it`);
    if (options.baseUrl !== undefined) throw new Error(`${c} has no base URL: it reads files you name`);
  } else if (options.baseUrl !== undefined) checkedBaseUrl(options.baseUrl, connectorVendor(c), rules);
  if (minutes !== null && (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_SCHEDULE_MINUTES))
    throw new Error(`a schedule is a whole number of minutes from 1 to ${MAX_SCHEDULE_MINUTES} (a week), got ${minutes}`);
  getConnector(db, c);
  db.prepare('UPDATE sync_connectors SET schedule_minutes = ?, options = ? WHERE connector = ?').run(minutes, JSON.stringify(options), c);
}

/** Scheduled connectors whose next run is due now, not paused. */
export function dueConnectors(db: Db, nowMs = Date.now()): ConnectorStatus[] {
  return connectorStatus(db, nowMs).filter((s) => s.nextRunAt !== null && Date.parse(s.nextRunAt) <= nowMs);
}
