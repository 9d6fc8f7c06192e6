import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../shared/api/contract';
import { api, onApiEvent } from './api/client';

type Queue = ApiOutput<'listQueue'>['items'];
type Status = ApiOutput<'getStatus'>;

/** First page: the ranked queue and job progress. The full supervisor UI grows from here. */
export function App(): React.JSX.Element {
  const [queue, setQueue] = useState<Queue>([]);
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = (): void => {
      Promise.all([api.listQueue({ limit: 500 }), api.getStatus({})])
        .then(([q, s]) => {
          setQueue(q.items);
          setStatus(s);
        })
        .catch((e: unknown) => setError((e as Error).message));
    };
    load();
    return onApiEvent((e) => {
      if (e.type !== 'job-progress') load();
    });
  }, []);
  return (
    <main>
      <h1>CallRank</h1>
      {error && <p role="alert">{error}</p>}
      {status && (
        <p data-testid="job-status">
          {status.calls} calls · {status.jobs.done} done · {status.jobs.queued + status.jobs.running} in progress ·{' '}
          {status.jobs.failed} failed
        </p>
      )}
      <table data-testid="queue">
        <thead>
          <tr>
            <th>#</th>
            <th>Score</th>
            <th>Phone</th>
            <th>Name</th>
            <th>Calls</th>
          </tr>
        </thead>
        <tbody>
          {queue.map((q, i) => (
            <tr key={q.lead_id}>
              <td>{i + 1}</td>
              <td>{q.score === null ? '–' : Math.round(q.score)}</td>
              <td>{q.phone_number ?? 'unknown'}</td>
              <td>{q.name ?? ''}</td>
              <td>{q.call_ids.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
