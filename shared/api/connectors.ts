import { z } from 'zod';
import { method } from './define';
import { secretNameSchema } from './settings';

/**
 * The connectors the app knows: Twilio syncs calls in; HubSpot, Salesforce and Pipedrive take
 * scores out (push) and bring lead status and won/lost back (pull); CSV runs on files a user names.
 */
export const CONNECTOR_NAMES = ['twilio', 'csv', 'hubspot', 'salesforce', 'pipedrive'] as const;
export type ConnectorName = (typeof CONNECTOR_NAMES)[number];

/** A week: a longer gap is no schedule anyone keeps, and usually a typo. */
export const MAX_SCHEDULE_MINUTES = 7 * 24 * 60;

const iso = z.string().nullable();

export const connectorViewSchema = z.object({
  connector: z.enum(CONNECTOR_NAMES),
  label: z.string(),
  /** What one run does, in order: Twilio syncs; a CRM pushes, then pulls. */
  actions: z.array(z.enum(['sync', 'push', 'pull'])),
  /** Can run on a schedule and "Sync now" (all but CSV). */
  schedulable: z.boolean(),
  paused: z.boolean(),
  state: z.enum(['idle', 'running', 'error']),
  /** A run is in progress or waiting to start now. */
  busy: z.boolean(),
  scheduleMinutes: z.number().int().nullable(),
  baseUrl: z.string().nullable(),
  /** Where runs go without a base URL (null: the vendor has no one host, e.g. a Salesforce org). */
  defaultBaseUrl: z.string().nullable(),
  nextRunAt: iso,
  lastStartedAt: iso,
  lastFinishedAt: iso,
  lastError: z.string().nullable(),
  /** What the connector holds or its latest runs did, each with a label ("calls ingested": 12). */
  counts: z.array(z.object({ label: z.string(), count: z.number().int() })),
  /** The items that failed, each with its reason (a call SID, a lead id). */
  itemErrors: z.array(z.object({ item: z.string(), reason: z.string() })),
  /** The secrets its runs need, and whether each is set: never a value. */
  credentials: z.array(z.object({ name: secretNameSchema, set: z.boolean() })),
});
export type ConnectorView = z.infer<typeof connectorViewSchema>;

/** Checked by the core, which names every connector in its message when the name is none of them. */
const connectorRef = z.object({ connector: z.string().min(1, 'name a connector') });

export const connectorMethods = {
  listConnectors: method(
    z.object({}),
    z.object({ connectors: z.array(connectorViewSchema) }),
    'Every connector with its schedule, state, last and next run, last error and failed items.',
  ),
  changeConnector: method(
    connectorRef.extend({
      paused: z.boolean().optional(),
      scheduleMinutes: z
        .number({ error: 'schedule minutes must be a number' })
        .int('schedule minutes must be a whole number')
        .min(1, 'a schedule runs at least every minute (clear it to run only on "Sync now")')
        .max(MAX_SCHEDULE_MINUTES, `a schedule runs at least once a week (${MAX_SCHEDULE_MINUTES} minutes)`)
        .nullable()
        .optional(),
      /** null: the vendor's own host. */
      baseUrl: z.string().max(2048).nullable().optional(),
    }),
    connectorViewSchema,
    'Pause or resume a connector, set or clear its schedule and base URL (which must be allowed to receive its credentials).',
  ),
  syncConnectorNow: method(
    connectorRef,
    connectorViewSchema,
    'Queue a run now ("Sync now"); listConnectors and data-changed events for "connectors" follow it.',
  ),
};
