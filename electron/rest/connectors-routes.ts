import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { CoreContext } from '../core/context';
import type { Db } from '../db/open';
import { connectorStatus, type ConnectorName, type ConnectorStatus } from '../sync/connector-controls';
import { openRuns } from '../sync/connector-runs';
import { changeConnectorSettings, ConnectorRequestError, namedConnector, requestRunNow } from '../sync/connector-service';
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

const toOut = (db: Db, s: ConnectorStatus): ConnectorOut => ({
  connector: s.connector,
  paused: s.paused,
  state: s.state,
  // A run asked for now, or in progress: the connector's stored runs say so, whichever process runs it.
  running_here: openRuns(db, s.connector).some((r) => r.state === 'running' || r.trigger === 'now'),
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

const FIELD = { baseUrl: 'base_url', scheduleMinutes: 'schedule_minutes', connector: 'connector' } as const;

/** The connector layer's refusal in the REST API's words and fields. */
function restError(err: unknown): unknown {
  if (!(err instanceof ConnectorRequestError)) return err;
  if (err.status !== 400) return new RestError(err.status, err.message);
  const path = FIELD[err.field ?? 'scheduleMinutes'];
  return new RestError(400, `invalid request body: ${err.message}`, [{ path, message: err.message }]);
}

function named(name: string): ConnectorName {
  try {
    return namedConnector(name);
  } catch (err) {
    throw restError(err);
  }
}

export function listConnectors(db: Db): { items: ConnectorOut[] } {
  return { items: connectorStatus(db).map((s) => toOut(db, s)) };
}

function one(db: Db, c: ConnectorName): ConnectorOut {
  return toOut(db, connectorStatus(db).find((s) => s.connector === c) as ConnectorStatus);
}

/** PUT: pause or resume, and set or clear the schedule (with the base URL its runs use). */
export async function changeConnector(ctx: CoreContext, name: string, req: IncomingMessage): Promise<ConnectorOut> {
  const c = named(name);
  const b = await jsonBody(req, changeBody);
  try {
    // A base URL sent here could come from any program on this machine: a loopback one must be listed too.
    changeConnectorSettings(ctx.db, c, { paused: b.paused, scheduleMinutes: b.schedule_minutes, baseUrl: b.base_url }, { allowLoopback: false });
  } catch (err) {
    throw restError(err);
  }
  ctx.events.emit('event', { type: 'data-changed', tables: ['connectors'] });
  ctx.notifyConnectors();
  return one(ctx.db, c);
}

/**
 * POST .../sync: "Sync now". The run is queued and runs on after the answer (202), in the
 * server's connector worker; GET /api/connectors shows it running and then its outcome.
 */
export async function syncNow(ctx: CoreContext, name: string): Promise<ConnectorOut> {
  const c = named(name);
  try {
    await requestRunNow(ctx.db, c, ctx.settings?.secrets ?? null);
  } catch (err) {
    throw restError(err);
  }
  ctx.events.emit('event', { type: 'data-changed', tables: ['connectors'] });
  ctx.notifyConnectors();
  return one(ctx.db, c);
}
