import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { Db } from '../db/open';
import type { PhoneRegion } from '../ingest/phone';
import { baseUrlRefusal, UnsafeDestinationError } from '../net/destinations';
import { cliSecretStore } from '../secrets/cli-secret-store';
import { connectorStatus, isConnector, pauseConnector, scheduleConnector, type ConnectorName, type ConnectorStatus } from '../sync/connector-controls';
import { recordingsStore } from '../sync/recordings-store';
import { runTwilioSync, twilioCredentials, twilioSyncRunning } from '../sync/twilio/twilio-run';
import { jsonBody, RestError } from './http-io';

export interface ConnectorOut {
  connector: ConnectorName;
  paused: boolean;
  state: ConnectorStatus['state'];
  running_here: boolean;
  schedule_minutes: number | null;
  base_url: string | null;
  next_run_at: string | null;
  cursor: string | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_error: string | null;
  last_summary: unknown;
  items: ConnectorStatus['items'];
}

const toOut = (s: ConnectorStatus): ConnectorOut => ({
  connector: s.connector,
  paused: s.paused,
  state: s.state,
  running_here: s.connector === 'twilio' && twilioSyncRunning(),
  schedule_minutes: s.scheduleMinutes,
  base_url: s.options.baseUrl ?? null,
  next_run_at: s.nextRunAt,
  cursor: s.cursor,
  last_started_at: s.lastStartedAt,
  last_finished_at: s.lastFinishedAt,
  last_error: s.lastError,
  last_summary: s.lastSummary,
  items: s.items,
});

const changeBody = z.strictObject({
  paused: z.boolean().optional(),
  schedule_minutes: z.number().int().min(1).nullable().optional(),
  base_url: z.url().nullable().optional(),
});

function named(name: string): ConnectorName {
  if (!isConnector(name)) throw new RestError(404, `no connector "${name}": twilio or csv`);
  return name;
}

export function listConnectors(db: Db): { items: ConnectorOut[] } {
  return { items: connectorStatus(db).map(toOut) };
}

function one(db: Db, c: ConnectorName): ConnectorOut {
  return toOut(connectorStatus(db).find((s) => s.connector === c) as ConnectorStatus);
}

/** PUT: pause or resume, and set or clear the schedule (with the base URL its runs use). */
export async function changeConnector(db: Db, name: string, req: IncomingMessage): Promise<ConnectorOut> {
  const c = named(name);
  const b = await jsonBody(req, changeBody);
  if (b.paused !== undefined) pauseConnector(db, c, b.paused);
  if (b.schedule_minutes !== undefined || b.base_url !== undefined) {
    const current = one(db, c);
    const minutes = b.schedule_minutes === undefined ? current.schedule_minutes : b.schedule_minutes;
    const baseUrl = b.base_url === undefined ? current.base_url : b.base_url;
    try {
      // A base URL sent here could come from any program on this machine: a loopback one must be listed too.
      scheduleConnector(db, c, minutes, baseUrl ? { baseUrl } : {}, { allowLoopback: b.base_url === undefined });
    } catch (err) {
      const path = err instanceof UnsafeDestinationError ? 'base_url' : 'schedule_minutes';
      throw new RestError(400, `invalid request body: ${(err as Error).message}`, [{ path, message: (err as Error).message }]);
    }
  }
  return one(db, c);
}

/**
 * POST .../sync: "Sync now". A sync can take minutes, so it runs on after the answer (202);
 * GET /api/connectors shows it running and then its outcome, as for scheduled runs.
 */
export async function syncNow(db: Db, dbPath: string, name: string, region?: PhoneRegion): Promise<ConnectorOut> {
  const c = named(name);
  if (c !== 'twilio') throw new RestError(409, 'csv syncs the files you name: run `sync csv <call-log.csv> <folder>`');
  const before = one(db, c);
  if (before.paused) throw new RestError(409, 'twilio is paused: resume it first');
  if (twilioSyncRunning()) throw new RestError(409, 'a Twilio sync is already running');
  const refusal = before.base_url ? baseUrlRefusal(before.base_url, 'twilio', { allowLoopback: true }) : null;
  if (refusal) throw new RestError(409, `the stored base URL cannot be used: ${refusal}`);
  const secrets = cliSecretStore(dbPath);
  try {
    await twilioCredentials(secrets);
  } catch (err) {
    throw new RestError(409, (err as Error).message);
  }
  // A failure after this point is kept as the connector's last_error by the sync store.
  void runTwilioSync(db, { secrets, recordingsDir: recordingsStore(dbPath, 'twilio'), baseUrl: before.base_url ?? undefined, phoneRegion: region }).catch(() => undefined);
  return one(db, c);
}
