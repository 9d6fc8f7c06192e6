import { count } from '../lib/format';
import { useRescoreProgress } from '../lib/rescore-progress';

const KIND_NAMES: Record<string, string> = { lead: 'lead rubric', qa: 'QA scorecard' };

/**
 * A background re-score after a rubric was saved: a progress bar while it runs, then its outcome.
 * `kind` shows only re-scores of that rubric kind (the one on screen); `hideDone` drops the line
 * once it has finished.
 */
export function RescoreProgress({ hideDone = false, kind }: { hideDone?: boolean; kind?: string }): React.JSX.Element | null {
  const e = useRescoreProgress();
  if (!e || (hideDone && e.state === 'done') || (kind !== undefined && !e.kinds.includes(kind))) return null;
  const what = e.kinds.map((k) => KIND_NAMES[k] ?? k).join(' and ');
  return (
    <div className="row panel" data-testid="rescore-progress" role="status">
      {e.state === 'running' && (
        <>
          <span>
            Re-scoring every call with the new {what}: {count(e.done)} of {count(e.total)}
          </span>
          <progress max={e.total} value={e.done} aria-label="Re-score progress" />
        </>
      )}
      {e.state === 'done' && (
        <span>
          Re-scored {count(e.total)} calls with the new {what}.
        </span>
      )}
      {e.state === 'failed' && (
        <span className="error">
          Re-scoring with the new {what} stopped: {e.message}. It runs again at the next start.
        </span>
      )}
    </div>
  );
}
