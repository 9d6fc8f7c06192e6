import { EventEmitter } from 'node:events';
import type { Db } from '../db/open';
import type { ApiEvent } from '../../shared/api/contract';
import { inProcessQueueIndex, type QueueIndex } from '../queue/queue-index-client';
import { inProcessRescorer, type Rescorer } from '../scoring/background-rescore';
import { rescoreEvents } from '../calibration/save-rubric';
import { retrainRunner, type Retrainer } from '../scoring/model/retrain-runner';
import type { SettingsDeps } from '../settings/settings-service';

export type CoreEvents = EventEmitter<{ event: [ApiEvent] }>;

/** What every API handler may use; the Electron shell, `serve` and the tests each build one. */
export interface CoreContext {
  db: Db;
  events: CoreEvents;
  /** Wakes the job runner after new work was queued, when one is running in this process. */
  notifyRunner(): void;
  /** Wakes the connector worker after a connector run was queued, when one runs in this process. */
  notifyConnectors(): void;
  /** Starts this process's job runner if it has none yet (e.g. `serve` without --watch), and wakes it. */
  startJobs(): void;
  /** The ranked queue's index: in a worker thread where a long-running core starts one, else in-process. */
  readonly queueIndex: QueueIndex;
  /** Re-scores every call after a rubric is saved: in a worker thread, or in-process (at once). */
  readonly rescorer: Rescorer;
  /** Runs queued model retrains (model_jobs rows) when due: in a worker thread where the core starts one. */
  readonly retrainer: Retrainer;
  /** The settings store and secrets of the process; null where none was given (the settings API says so). */
  readonly settings: SettingsDeps | null;
}

/** The parts a process chooses; whatever it leaves out runs in-process, built on first use. */
export interface CoreParts {
  notifyRunner?: () => void;
  notifyConnectors?: () => void;
  startJobs?: () => void;
  /** Built once the context's events exist, so that it can tell open views. */
  queueIndex?: (events: CoreEvents) => QueueIndex;
  rescorer?: (events: CoreEvents) => Rescorer;
  retrainer?: (events: CoreEvents) => Retrainer;
  settings?: SettingsDeps;
}

/** What open views are told after a retrain ran: the job, the model history and the ranks may have moved. */
export const RETRAIN_TABLES = ['model_jobs', 'conversion_models', 'lead_predictions', 'leads'];

export function createCoreContext(db: Db, parts: CoreParts = {}): CoreContext {
  const events: CoreEvents = new EventEmitter();
  let queueIndex = parts.queueIndex?.(events) ?? null;
  let rescorer = parts.rescorer?.(events) ?? null;
  let retrainer = parts.retrainer?.(events) ?? null;
  const ranRetrain = (): void => void events.emit('event', { type: 'data-changed', tables: RETRAIN_TABLES });
  const context: CoreContext = {
    db,
    events,
    notifyRunner: parts.notifyRunner ?? (() => {}),
    notifyConnectors: parts.notifyConnectors ?? (() => {}),
    startJobs: parts.startJobs ?? parts.notifyRunner ?? (() => {}),
    settings: parts.settings ?? null,
    get queueIndex() {
      return (queueIndex ??= inProcessQueueIndex(db));
    },
    get rescorer() {
      return (rescorer ??= inProcessRescorer(db, rescoreEvents(events)));
    },
    get retrainer() {
      return (retrainer ??= retrainRunner(db, ranRetrain, { inProcess: true }));
    },
  };
  // An outcome anywhere in this process queued a retrain row: the runner schedules it.
  events.on('event', (e) => {
    if (e.type === 'data-changed' && e.tables.includes('model_jobs') && e.tables !== RETRAIN_TABLES) context.retrainer.notify();
  });
  return context;
}
