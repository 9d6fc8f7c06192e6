import { useState } from 'react';
import type { RedactionSettings as Kinds, RedactionView } from '../../../../shared/api/redaction';
import { api } from '../../api/client';
import { errorText } from '../../lib/format';
import { useApi } from '../../lib/use-api';

const LABEL: Record<keyof Kinds, string> = {
  card: 'Payment card numbers',
  ssn: 'Social security numbers',
  bankAccount: 'Bank account and routing numbers',
  email: 'Email addresses',
  address: 'Street addresses',
};

function runText(run: RedactionView['lastRun']): string {
  if (!run) return 'No stored calls needed a pass.';
  if (run.state === 'failed') return `The last pass over stored calls failed: ${run.error ?? 'unknown reason'}`;
  if (run.state !== 'done') return `Applying to stored calls: ${run.done} of ${run.total}…`;
  return `Last pass over stored calls: ${run.done} checked, ${run.redacted} redacted.`;
}

/**
 * What is removed from transcripts and toned out of recordings before they are stored. Turning a
 * kind on also runs over every call already stored.
 */
export function RedactionSettings(): React.JSX.Element {
  // The pass over stored calls tells when it ends ('redaction'), so its line stays current.
  const loaded = useApi(() => api.getRedaction({}), [], ['redaction']);
  const [note, setNote] = useState<string | null>(null);
  // The box follows the click at once; a refused change puts it back.
  const [draft, setDraft] = useState<Partial<Kinds>>({});
  const view = loaded.data;
  const toggle = (key: keyof Kinds, on: boolean): void => {
    setDraft((d) => ({ ...d, [key]: on }));
    api
      .updateRedaction({ [key]: on })
      .then(() => {
        loaded.reload();
        setNote(`${LABEL[key]}: ${on ? 'removed before storing' : 'kept as said'}`);
      })
      .catch((e: unknown) => {
        setDraft((d) => ({ ...d, [key]: undefined }));
        setNote(errorText(e));
      });
  };
  return (
    <section className="panel" data-testid="redaction-settings">
      <h2>Redaction at rest</h2>
      <p className="muted">
        Removed from transcripts, and toned out of the stored copy of the recording, before anything is written.
      </p>
      {loaded.error && <p className="error">{loaded.error}</p>}
      {view && (
        <>
          <div style={{ display: 'grid', gap: 4 }}>
            {(Object.keys(LABEL) as (keyof Kinds)[]).map((key) => (
              <label key={key}>
                <input
                  type="checkbox"
                  checked={draft[key] ?? view.settings[key]}
                  onChange={(e) => toggle(key, e.target.checked)}
                  data-testid={`redact-${key}`}
                />{' '}
                {LABEL[key]}
              </label>
            ))}
          </div>
          <p className="muted" data-testid="redaction-run">{runText(view.lastRun)}</p>
        </>
      )}
      {note && <p data-testid="redaction-note">{note}</p>}
    </section>
  );
}
