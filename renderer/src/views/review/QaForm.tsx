import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../../../shared/api/contract';
import { api } from '../../api/client';
import { errorText } from '../../lib/format';
import { readPref } from '../../lib/prefs';

type Call = ApiOutput<'getCall'>;

/**
 * The reviewer's own judgement per QA criterion, prefilled from their earlier review of this call
 * or else from the AI's points. Saving again updates the same review (one per reviewer and call).
 */
export function QaForm({ call, onSaved }: { call: Call; onSaved(): void }): React.JSX.Element {
  const reviewer = readPref('reviewer', 'supervisor');
  const mine = call.reviews.find((r) => r.reviewer === reviewer);
  const ai = call.scores.find((s) => s.kind === 'qa');
  const initial = (): Record<string, string> =>
    Object.fromEntries(
      call.qaCriteria.map((c) => {
        const given = mine?.criterion_scores[c.id] ?? ai?.criteria.find((x) => x.id === c.id)?.points;
        return [c.id, given === undefined ? '' : String(given)];
      }),
    );
  const [values, setValues] = useState(initial);
  const [notes, setNotes] = useState(mine?.notes ?? '');
  const [status, setStatus] = useState<string | null>(null);
  // A different call (or a saved review arriving) resets the form.
  useEffect(() => {
    setValues(initial());
    setNotes(mine?.notes ?? '');
  }, [call.call.call_id, mine?.updated_at]);

  const save = (): void => {
    const criterionScores = Object.fromEntries(
      Object.entries(values)
        .filter(([, v]) => v.trim() !== '' && Number.isFinite(Number(v)))
        .map(([k, v]) => [k, Number(v)]),
    );
    api
      .saveReview({ callId: call.call.call_id, reviewUuid: mine?.review_uuid, reviewer, criterionScores, notes: notes || undefined })
      .then((r) => {
        setStatus(`Saved · manual QA ${r.totalScore ?? '—'}`);
        onSaved();
      })
      .catch((e: unknown) => setStatus(errorText(e)));
  };

  return (
    <section className="panel qa-form" data-testid="qa-form">
      <h2>
        Manual QA <span className="muted">as {reviewer}</span>
      </h2>
      {call.qaCriteria.map((c) => (
        <label key={c.id}>
          <span>
            {c.description || c.id} <span className="muted">(max {c.maxPoints})</span>
          </span>
          <input
            type="number"
            step="1"
            data-testid={`qa-${c.id}`}
            value={values[c.id] ?? ''}
            onChange={(e) => setValues({ ...values, [c.id]: e.target.value })}
          />
        </label>
      ))}
      <textarea placeholder="Notes for the agent" value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} style={{ width: '100%' }} data-testid="qa-notes" />
      <div className="row">
        <button className="primary" onClick={save} data-testid="qa-save">
          {mine ? 'Update review' : 'Save review'}
        </button>
        {status && <span data-testid="qa-status">{status}</span>}
      </div>
      {call.reviews.length > 0 && (
        <p className="muted" data-testid="qa-reviews">
          {call.reviews.map((r) => `${r.reviewer}: ${r.total_score ?? '—'}`).join(' · ')}
        </p>
      )}
    </section>
  );
}
