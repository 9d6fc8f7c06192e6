import { useEffect, useState } from 'react';
import { api, onApiEvent } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { RescoreProgress } from '../../components/RescoreProgress';
import { errorText } from '../../lib/format';
import { useApi } from '../../lib/use-api';

/** Every job with its stage, live progress, and the actions its state allows; failures say why. */
export function JobsView(): React.JSX.Element {
  const jobs = useApi(() => api.listJobs({ limit: 500 }), [], ['jobs']);
  const status = useApi(() => api.getStatus({}), [], ['jobs', 'calls']);
  const retrains = useApi(() => api.listModelJobs({ limit: 20 }), [], ['model_jobs']);
  const [progress, setProgress] = useState<Record<number, number>>({});
  const [note, setNote] = useState<string | null>(null);
  const { reload: reloadJobs } = jobs;
  const { reload: reloadStatus } = status;
  useEffect(
    () =>
      onApiEvent((e) => {
        if (e.type === 'job-progress') setProgress((p) => ({ ...p, [e.jobId]: e.fraction }));
        else if (e.type === 'job-changed') {
          reloadJobs();
          reloadStatus();
        }
      }),
    [reloadJobs, reloadStatus],
  );
  const act = (label: string, p: Promise<{ ok: boolean }>): void => {
    p.then((r) => setNote(r.ok ? label : `${label}: not possible in this state`)).catch((e: unknown) => setNote(errorText(e)));
  };
  const s = status.data;
  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="jobs-view">
      <RescoreProgress hideDone />
      {s && (
        <div className="row panel" data-testid="job-status">
          <strong>{s.calls} calls</strong> · {s.jobs.running} running · {s.jobs.queued} queued · {s.jobs.done} done · {s.jobs.paused} paused ·{' '}
          <span className={s.jobs.failed ? 'error' : ''}>{s.jobs.failed} failed</span>
          {Object.entries(s.stages).map(([stage, n]) => (
            <span key={stage} className="tag">
              {stage}: {n}
            </span>
          ))}
        </div>
      )}
      {note && <p>{note}</p>}
      {retrains.data && retrains.data.jobs.length > 0 && (
        <table className="simple panel" data-testid="model-jobs">
          <caption style={{ textAlign: 'left' }}>Model retrains (queued by outcomes, a few seconds after the last one)</caption>
          <thead>
            <tr><th>Job</th><th>State</th><th>Asked by</th><th>Outcomes</th><th>Result</th></tr>
          </thead>
          <tbody>
            {retrains.data.jobs.map((j) => (
              <tr key={j.jobId} data-testid="model-job-row" data-state={j.state}>
                <td>retrain {j.jobId}</td>
                <td>{j.state}</td>
                <td>{j.cause}</td>
                <td>{j.requests}</td>
                <td className={j.state === 'failed' ? 'error' : ''}>{j.result ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {jobs.data?.jobs.length === 0 ? (
        <EmptyState title="No jobs">New recordings in the watched folder become jobs here: transcribe → analyse → score.</EmptyState>
      ) : (
        <table className="simple panel">
          <thead>
            <tr><th>Job</th><th>File</th><th>Stage</th><th>State</th><th style={{ width: 200 }}>Progress</th><th>Tries</th><th>Reason</th><th /></tr>
          </thead>
          <tbody>
            {jobs.data?.jobs.map((j) => (
              <tr key={j.job_id} data-testid="job-row">
                <td>{j.job_id}</td>
                <td title={j.file ?? ''}>{j.file?.split(/[\\/]/).pop() ?? j.call_id}</td>
                <td>{j.stage}</td>
                <td>{j.state}</td>
                <td>
                  <progress max={1} value={j.state === 'done' ? 1 : (progress[j.job_id] ?? j.progress)} style={{ width: '100%' }} />
                </td>
                <td>{j.attempts}</td>
                <td className="error">{j.last_error ?? ''}</td>
                <td className="row">
                  {j.state === 'queued' && <button onClick={() => act('Paused', api.pauseJob({ jobId: j.job_id }))}>Pause</button>}
                  {(j.state === 'queued' || j.state === 'running') && <button onClick={() => act('Cancelled', api.cancelJob({ jobId: j.job_id }))}>Cancel</button>}
                  {(j.state === 'failed' || j.state === 'cancelled' || j.state === 'paused') && (
                    <button onClick={() => act('Queued again', api.retryJob({ jobId: j.job_id }))}>{j.state === 'paused' ? 'Resume' : 'Retry'}</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
