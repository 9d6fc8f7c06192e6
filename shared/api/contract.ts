import type { z } from 'zod';
import type { MethodSpec } from './define';
import { jobMethods } from './jobs';
import { queueMethods } from './queue';
import { queueViewMethods } from './queue-view';
import { reviewMethods } from './review';
import { calibrationMethods } from './calibration';
import { reportMethods } from './reports';
import { modelMethods } from './models';
import { reviewSetMethods } from './review-sets';
import { settingsMethods } from './settings';
import { connectorMethods } from './connectors';
import { dataSafetyMethods } from './data-safety';
import { redactionMethods } from './redaction';
import { trackerMethods } from './trackers';

/**
 * The one API between the renderer and the core. Electron serves it over IPC, `serve` over
 * HTTP; both validate every input against these schemas. Domains add their methods here.
 */
export const apiContract = {
  ...jobMethods,
  ...queueMethods,
  ...queueViewMethods,
  ...reviewMethods,
  ...calibrationMethods,
  ...reportMethods,
  ...modelMethods,
  ...reviewSetMethods,
  ...settingsMethods,
  ...connectorMethods,
  ...dataSafetyMethods,
  ...redactionMethods,
  ...trackerMethods,
} satisfies Record<string, MethodSpec>;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<ApiContract[M]['output']>;

/** What the renderer holds and the core implements: one typed function per method. */
export type Api = { [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutput<M>> };

export const apiMethodNames = Object.keys(apiContract) as ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(apiContract, name);
}

/** Events the core pushes to the renderer (IPC send, or server-sent events over HTTP). */
export type ApiEvent =
  | { type: 'job-progress'; jobId: number; callId: string; stage: string; fraction: number }
  | { type: 'job-changed'; jobId: number; callId: string; stage: string; state: string; reason?: string }
  | { type: 'data-changed'; tables: string[] }
  /** Every call re-scored with a newly saved rubric, in the background: calls written so far of total. */
  | {
      type: 'rescore';
      kinds: string[];
      state: 'running' | 'done' | 'failed';
      done: number;
      total: number;
      message?: string;
    };
