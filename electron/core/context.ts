import { EventEmitter } from 'node:events';
import type { Db } from '../db/open';
import type { ApiEvent } from '../../shared/api/contract';

/** What every API handler may use; the Electron shell and `serve` each build one. */
export interface CoreContext {
  db: Db;
  events: EventEmitter<{ event: [ApiEvent] }>;
  /** Wakes the job runner after new work was queued, when one is running in this process. */
  notifyRunner(): void;
}

export function createCoreContext(db: Db, notifyRunner: () => void = () => {}): CoreContext {
  return { db, events: new EventEmitter<{ event: [ApiEvent] }>(), notifyRunner };
}
