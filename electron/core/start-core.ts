import { dirname, join } from 'node:path';
import { openDatabase, type Db } from '../db/open';
import { createStageHandlers } from '../jobs/pipeline';
import { JobRunner } from '../jobs/runner';
import { defaultConcurrency } from '../jobs/default-concurrency';
import { watchRecordings, type RecordingsWatcher } from '../ingest/watcher';
import type { Api } from '../../shared/api/contract';
import { createApiHandlers } from './api-handlers';
import { workerQueueIndex } from '../queue/queue-index-client';
import { createCoreContext, RETRAIN_TABLES, type CoreContext } from './context';
import { forwardRunnerEvents } from '../jobs/runner-events';
import { createDefaultSteps, engineForSetting } from './default-steps';
import { openAiConfig, openAiSettingsFromEnv } from '../llm/openai-settings';
import { cliSecretStore } from '../secrets/cli-secret-store';
import type { SecretStore } from '../secrets/secret-store';
import { settingsPhoneRegion } from '../settings/phone-region';
import { JsonFileSettingsStore, type SettingsStore } from '../settings/settings-store';
import { staleScoreKinds, workerRescorer } from '../scoring/background-rescore';
import { rescoreEvents } from '../calibration/save-rubric';
import type { ConnectorAction } from '../sync/connector-controls';
import { ConnectorWorker, type DueRun } from '../sync/connector-worker';
import { startMaintenanceLoop } from '../maintenance/maintenance-loop';
import { startBackfill, stopBackfill } from '../redaction/redaction-handlers';
import { retrainRunner } from '../scoring/model/retrain-runner';

export interface CoreOptions {
  dbPath: string;
  /** Run the job runner in this process. */
  runJobs?: boolean;
  watchFolder?: string;
  concurrency?: number;
  /** Told what the watcher skips and the errors it meets (serve prints them). */
  onWatcherNote?: (line: string) => void;
  /** Run connectors on their schedules (default: with runJobs); "Sync now" runs in every core. */
  scheduleConnectors?: boolean;
  /** Told of every connector run that ended (serve prints it). */
  onConnectorRun?: (run: DueRun & { action: ConnectorAction; trigger: 'schedule' | 'now' }) => void;
  /** Settings and secrets for the settings API; default: settings.json and the CLI's secrets beside the DB. */
  settings?: { store: SettingsStore; secrets: SecretStore; secretStorage: string };
}

export interface RunningCore {
  db: Db;
  ctx: CoreContext;
  api: Api;
  runner: JobRunner | null;
  watcher: RecordingsWatcher | null;
  /** Watch another folder from now on (the previous watcher stops first); null stops watching. */
  setWatchFolder(folder: string | null): Promise<void>;
  close(): Promise<void>;
}

/** The core as the desktop app and `serve` run it: store, API, and optionally watcher and runner. */
export function startCore(options: CoreOptions): RunningCore {
  const db = openDatabase(options.dbPath);
  let steps: ReturnType<typeof createDefaultSteps> | null = null;
  let runner: JobRunner | null = null;
  const settings = options.settings ?? {
    store: new JsonFileSettingsStore(join(dirname(options.dbPath), 'settings.json')),
    secrets: cliSecretStore(options.dbPath),
    secretStorage: process.env.CALLRANK_SECRETS_KEY
      ? 'encrypted file beside the database (AES-256-GCM, key from CALLRANK_SECRETS_KEY)'
      : 'environment variables only (set CALLRANK_SECRETS_KEY to store keys in an encrypted file)',
  };
  let watchedFolder: string | null = null;
  let watcher: RecordingsWatcher | null = null;
  /** The job runner, started on first need: at start with runJobs, or when a folder gets watched. */
  const ensureRunner = (): void => {
    if (runner) return;
    steps = createDefaultSteps({
      // The engine picked in Settings; CALLRANK_ENGINE (tests, scripts) wins when set.
      engine: process.env.CALLRANK_ENGINE ?? engineForSetting(settings.store.read().engine),
      // Read per call, so switching OpenAI on or off in Settings takes effect without a restart.
      openAi: () => {
        const env = openAiSettingsFromEnv();
        const enabled = settings.store.read().openaiEnabled || env.enabled;
        return openAiConfig({ ...env, enabled }, settings.secrets);
      },
    });
    runner = new JobRunner(db, createStageHandlers(steps), {
      ...defaultConcurrency(),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    });
    forwardRunnerEvents(runner, ctx);
    void runner.runForever();
  };
  const watch = (folder: string): RecordingsWatcher =>
    watchRecordings(db, folder, {
      phoneRegion: () => settingsPhoneRegion(settings.store.read()),
      onOutcome: (o) => {
        if (o.kind === 'added' || o.kind === 'rejected') {
          ctx.events.emit('event', { type: 'data-changed', tables: ['calls', 'leads', 'jobs'] });
          runner?.notify();
        }
      },
      onSkipped: (s) => options.onWatcherNote?.(`not reading ${s.path}: ${s.reason}`),
      onError: (message) => options.onWatcherNote?.(`error: ${message} (still watching)`),
    });
  const setWatchFolder = async (folder: string | null): Promise<void> => {
    const old = watcher;
    watcher = null;
    watchedFolder = null;
    await old?.close();
    if (!folder) return;
    ensureRunner();
    watcher = watch(folder);
    watchedFolder = folder;
    await watcher.ready;
  };
  let connectors: ConnectorWorker | null = null;
  const ctx = createCoreContext(db, {
    notifyRunner: () => runner?.notify(),
    notifyConnectors: () => connectors?.notify(),
    startJobs: () => {
      ensureRunner();
      runner?.notify();
    },
    settings: { ...settings, setWatchFolder, watchedFolder: () => watchedFolder, watchStatus: () => watcher?.status() ?? null },
    // Built in a thread of its own from now on, so the first sort finds the queue ready. While a
    // data change is rebuilt it answers in the previous order; 'queue' tells the views to ask again.
    queueIndex: (events) =>
      workerQueueIndex(db, db.name, () => events.emit('event', { type: 'data-changed', tables: ['queue'] })),
    // Saved rubrics re-score in a thread of their own.
    rescorer: (events) => workerRescorer(db, rescoreEvents(events)),
    // Retrains queued by outcomes run in a thread of their own once their debounce passes.
    retrainer: (events) => retrainRunner(db, () => events.emit('event', { type: 'data-changed', tables: RETRAIN_TABLES })),
  });
  connectors = new ConnectorWorker({
    db,
    dbPath: options.dbPath,
    secrets: () => settings.secrets,
    phoneRegion: () => settingsPhoneRegion(settings.store.read()),
    scheduled: options.scheduleConnectors ?? !!options.runJobs,
    onRun: (run) => {
      options.onConnectorRun?.(run);
      // A sync brings calls (and their jobs); a pull, outcomes: every view of them asks again.
      ctx.events.emit('event', { type: 'data-changed', tables: ['calls', 'leads', 'jobs', 'queue', 'model_jobs'] });
      runner?.notify();
    },
    onChange: () => ctx.events.emit('event', { type: 'data-changed', tables: ['connectors'] }),
  });
  connectors.start();
  // Rows queued before this start (a quit mid-debounce, a CLI import) run now.
  ctx.retrainer.notify();
  if (options.runJobs) ensureRunner();
  // A folder given at start (--watch) wins; otherwise the one saved in settings.
  watchedFolder = options.watchFolder ?? settings.store.read().recordingsFolder ?? null;
  watcher = watchedFolder ? watch(watchedFolder) : null;
  if (watcher) ensureRunner();
  // A re-score cut short by a quit or a crash left scores of an older rubric behind: it runs again now.
  const stale = staleScoreKinds(db);
  if (stale.length) ctx.rescorer.request(stale);
  // Scheduled backups and retention (Settings), as job rows run in this process.
  const maintenance = startMaintenanceLoop(db, options.dbPath, () =>
    ctx.events.emit('event', { type: 'data-changed', tables: ['maintenance'] }),
  );
  // Stored calls still waiting for redaction (a run cut short, or a database from before it).
  startBackfill(ctx);
  return {
    db,
    ctx,
    api: createApiHandlers(ctx),
    get runner() {
      return runner;
    },
    get watcher() {
      return watcher;
    },
    setWatchFolder,
    async close() {
      connectors?.stop();
      await maintenance.stop();
      await watcher?.close();
      await runner?.stop();
      await steps?.close();
      await ctx.queueIndex.close();
      await ctx.rescorer.close();
      await stopBackfill(ctx);
      await ctx.retrainer.close();
      db.close();
    },
  };
}
