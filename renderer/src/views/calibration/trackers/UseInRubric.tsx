import { useState } from 'react';
import { rubricSchema, type Rubric } from '../../../../../shared/scoring/rubric';
import { api } from '../../../api/client';
import { errorText } from '../../../lib/format';

/**
 * Adds a saved tracker to the active rubric as an intent criterion (points when it is heard),
 * saved as the rubric's next version like any other rubric edit.
 */
export function UseInRubric({ kind, trackerId, name }: { kind: 'qa' | 'lead'; trackerId: string; name: string }): React.JSX.Element {
  const [points, setPoints] = useState(10);
  const [status, setStatus] = useState<string | null>(null);
  const add = (): void => {
    api
      .listRubrics({ kind })
      .then(({ active }) => {
        const rubric = rubricSchema.parse(active);
        if (rubric.criteria.some((c) => c.type === 'intent' && c.intent === trackerId)) {
          setStatus(`Already a criterion of the ${kind} rubric.`);
          return undefined;
        }
        const definition: Rubric = {
          ...rubric,
          criteria: [...rubric.criteria, { id: `tracker_${trackerId}`, type: 'intent', intent: trackerId, when: 'present', points, weight: 1, description: name }],
        };
        return api.saveRubric({ kind, definition, by: 'supervisor' }).then((r) => setStatus(`Added to the ${kind} rubric (v${r.version}).`));
      })
      .catch((e: unknown) => setStatus(errorText(e)));
  };
  return (
    <div className="row" data-testid="use-in-rubric">
      <label>
        Points when heard <input type="number" value={points} style={{ width: 70 }} aria-label="Points" onChange={(e) => setPoints(Number(e.target.value) || 0)} />
      </label>
      <button onClick={add}>Use in the {kind === 'qa' ? 'QA scorecard' : 'lead rubric'}</button>
      {status && <span className="muted" data-testid="use-in-rubric-status">{status}</span>}
    </div>
  );
}
