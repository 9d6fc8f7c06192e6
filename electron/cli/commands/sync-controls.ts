import { openDatabase } from '../../db/open';
import { CONNECTORS, connectorStatus, isConnector, pauseConnector, scheduleConnector, type ConnectorName, type ConnectorStatus } from '../../sync/connector-controls';
import { flagBool, flagString } from '../args';
import { EXIT_OK, UsageError, type CliCommand } from '../command';

type Run = CliCommand['run'];

function describe(s: ConnectorStatus): string[] {
  const i = s.items;
  const schedule = s.scheduleMinutes === null ? 'no schedule (Sync now only)' : `every ${s.scheduleMinutes} min${s.nextRunAt ? `, next ${s.nextRunAt}` : ''}`;
  return [
    `${s.connector}: ${s.paused ? 'PAUSED' : s.state}; ${schedule}`,
    `  last run: ${s.lastStartedAt ? `started ${s.lastStartedAt}, finished ${s.lastFinishedAt ?? '(not finished: still running, or stopped mid-way)'}` : 'never'}`,
    ...(s.lastError ? [`  last error: ${s.lastError}`] : []),
    // A CRM's runs are listed by `crm log`; the calls seen are Twilio's and the CSV log's.
    ...(s.connector === 'twilio' || s.connector === 'csv'
      ? [`  calls seen: ${i.ingested} ingested, ${i.no_recording} without recording, ${i.pending} pending, ${i.failed} failed; cursor ${s.cursor ?? '(none)'}`]
      : []),
  ];
}

/** Opens the database for one control and always closes it. */
function withDb(work: (db: ReturnType<typeof openDatabase>, ctx: Parameters<Run>[0]) => number): Run {
  return async (ctx) => {
    const db = openDatabase(ctx.dbPath);
    try {
      return work(db, ctx);
    } finally {
      db.close();
    }
  };
}

function connectorArg(ctx: Parameters<Run>[0], verb: string): ConnectorName {
  const c = ctx.args.positionals[1];
  if (!isConnector(c)) throw new UsageError(`sync ${verb} needs a connector: ${CONNECTORS.join(', ')}`);
  return c;
}

const pause = (paused: boolean): Run =>
  withDb((db, ctx) => {
    const c = connectorArg(ctx, paused ? 'pause' : 'resume');
    pauseConnector(db, c, paused);
    ctx.io.stdout.write(paused ? `${c} paused: syncs and scheduled runs skip it until "sync resume ${c}"\n` : `${c} resumed\n`);
    return EXIT_OK;
  });

/** `sync status|pause|resume|schedule`: the connector controls the settings page shows too. */
export const connectorControls: Record<string, Run> = {
  status: withDb((db, ctx) => {
    const all = connectorStatus(db);
    ctx.io.stdout.write(flagBool(ctx.args, 'json') ? JSON.stringify(all, null, 2) + '\n' : all.flatMap(describe).join('\n') + '\n');
    return EXIT_OK;
  }),
  pause: pause(true),
  resume: pause(false),
  schedule: withDb((db, ctx) => {
    const c = connectorArg(ctx, 'schedule');
    const every = ctx.args.positionals[2];
    if (!every) throw new UsageError('sync schedule needs minutes or "off": sync schedule twilio 15');
    const minutes = every === 'off' ? null : Number(every);
    const baseUrl = flagString(ctx.args, 'base-url');
    try {
      scheduleConnector(db, c, minutes, baseUrl ? { baseUrl } : {});
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    ctx.io.stdout.write(minutes === null ? `${c}: schedule off\n` : `${c}: runs every ${minutes} min while the app or "serve --watch" runs\n`);
    return EXIT_OK;
  }),
};
