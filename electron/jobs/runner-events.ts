import type { JobRunner } from './runner';
import type { ApiEvent } from '../../shared/api/contract';
import type { CoreContext } from '../core/context';

/** Passes the runner's progress and state changes on as API events (IPC or server-sent events). */
export function forwardRunnerEvents(runner: JobRunner, ctx: CoreContext): void {
  const emit = (event: ApiEvent): void => {
    ctx.events.emit('event', event);
  };
  runner.on('progress', (e) => emit({ type: 'job-progress', ...e }));
  runner.on('stageDone', ({ jobId, callId, stage }) =>
    emit({ type: 'job-changed', jobId, callId, stage, state: 'stage-done' }),
  );
  runner.on('failed', ({ jobId, callId, stage, final, reason }) =>
    emit({ type: 'job-changed', jobId, callId, stage, state: final ? 'failed' : 'retrying', reason }),
  );
}
