import { useState } from 'react';
import { api } from '../../api/client';
import { errorText } from '../../lib/format';
import { readPref } from '../../lib/prefs';

/** A supervisor's corrected score with a reason; the AI's score is stored and shown unchanged beside it. */
export function OverrideForm({ callId, onSaved }: { callId: string; onSaved(): void }): React.JSX.Element {
  const [kind, setKind] = useState<'lead' | 'qa'>('lead');
  const [score, setScore] = useState('');
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const valid = score.trim() !== '' && Number(score) >= 0 && Number(score) <= 100 && reason.trim().length > 0;
  const save = (): void => {
    api
      .overrideScore({ callId, kind, newScore: Number(score), reason: reason.trim(), by: readPref('reviewer', 'supervisor') })
      .then(() => {
        setStatus('Override saved');
        setScore('');
        setReason('');
        onSaved();
      })
      .catch((e: unknown) => setStatus(errorText(e)));
  };
  return (
    <section className="panel" data-testid="override-form">
      <h2>Override a score</h2>
      <div className="row">
        <select value={kind} onChange={(e) => setKind(e.target.value as 'lead' | 'qa')} aria-label="Score to override">
          <option value="lead">Lead score</option>
          <option value="qa">QA score</option>
        </select>
        <input type="number" min={0} max={100} placeholder="0-100" value={score} onChange={(e) => setScore(e.target.value)} style={{ width: 80 }} aria-label="New score" />
      </div>
      <input placeholder="Reason (required)" value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: '100%', marginTop: 6 }} aria-label="Reason" />
      <div className="row" style={{ marginTop: 6 }}>
        <button onClick={save} disabled={!valid}>
          Override
        </button>
        {status && <span>{status}</span>}
      </div>
    </section>
  );
}
