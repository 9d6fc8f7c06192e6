import { useState } from 'react';
import type { ErasureReportView } from '../../../../shared/api/data-safety';
import { api } from '../../api/client';
import { errorText } from '../../lib/format';
import { navigate } from '../../lib/router';

/**
 * Erases the lead everywhere after the person types the confirmation: a click alone must not
 * take away data that cannot come back.
 */
export function EraseLeadButton({ leadId, name, onErased }: { leadId: string; name: string; onErased(report: ErasureReportView): void }): React.JSX.Element {
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!asking)
    return (
      <button className="danger" data-testid="erase-lead" onClick={() => setAsking(true)}>
        Erase this person…
      </button>
    );
  const erase = (): void => {
    setBusy(true);
    api
      .eraseLead({ leadId })
      .then(onErased)
      .catch((e: unknown) => {
        setError(errorText(e));
        setBusy(false);
      });
  };
  return (
    <div className="panel" data-testid="erase-confirm">
      <p>
        This removes {name} everywhere: their calls, recordings, transcripts, scores, reviews and outcomes. It cannot be
        undone. Type <strong>ERASE</strong> to confirm.
      </p>
      <input value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Type ERASE to confirm" data-testid="erase-typed" />
      <div className="row">
        <button className="danger" disabled={typed !== 'ERASE' || busy} onClick={erase} data-testid="erase-confirm-button">
          {busy ? 'Erasing…' : 'Erase'}
        </button>
        <button onClick={() => setAsking(false)} disabled={busy}>
          Cancel
        </button>
      </div>
      {error && <p className="error">{error}</p>}
    </div>
  );
}

/** What an erasure did, and what is left for a person to do (review sets handed out, files outside the folders). */
export function ErasureDone({ report }: { report: ErasureReportView }): React.JSX.Element {
  const calls = report.counts.calls ?? 0;
  return (
    <div className="panel" data-testid="erase-report">
      <h2>Erased</h2>
      <p>
        The lead, {calls} call{calls === 1 ? '' : 's'} and {report.recordingsDeleted} recording
        {report.recordingsDeleted === 1 ? '' : 's'} are gone. The audit log keeps only a hash and counts.
      </p>
      {report.reviewSets.map((s) => (
        <p key={s.path} className="error">
          Review set {s.path} (exported {s.exportedAt}) still holds {s.calls} of their calls: delete it or export it again.
        </p>
      ))}
      {report.leftInPlace.map((f) => (
        <p key={f.path} className="error">
          Not deleted: {f.path}: {f.reason}
        </p>
      ))}
      <button onClick={() => navigate({ view: 'queue' })}>Back to the queue</button>
    </div>
  );
}
