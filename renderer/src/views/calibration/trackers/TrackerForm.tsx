import type { TrackerDraft } from './tracker-draft';

/** Name, who says it, examples (one per line), optional keywords and "not this" sentences. */
export function TrackerForm({ draft, onChange }: { draft: TrackerDraft; onChange: (d: TrackerDraft) => void }): React.JSX.Element {
  const field = (label: string, child: React.JSX.Element, hint?: string): React.JSX.Element => (
    <label style={{ display: 'grid', gap: 2 }}>
      <span>
        {label} {hint && <span className="muted">{hint}</span>}
      </span>
      {child}
    </label>
  );
  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="tracker-form">
      <div className="row">
        {field(
          'Name',
          <input value={draft.name} disabled={!!draft.id} onChange={(e) => onChange({ ...draft, name: e.target.value })} aria-label="Tracker name" />,
        )}
        {field(
          'Who says it',
          <select value={draft.speaker} onChange={(e) => onChange({ ...draft, speaker: e.target.value as TrackerDraft['speaker'] })} aria-label="Who says it">
            <option value="any">anyone</option>
            <option value="customer">customer</option>
            <option value="agent">agent</option>
          </select>,
        )}
      </div>
      {field(
        'Examples',
        <textarea rows={6} value={draft.examples} onChange={(e) => onChange({ ...draft, examples: e.target.value })} aria-label="Examples" />,
        'one sentence per line, as people say it',
      )}
      {field(
        'Keywords',
        <input value={draft.keywords} onChange={(e) => onChange({ ...draft, keywords: e.target.value })} aria-label="Keywords" />,
        'optional, comma-separated; <company> matches any company name',
      )}
      {field(
        'Not this',
        <textarea rows={3} value={draft.notThis} onChange={(e) => onChange({ ...draft, notThis: e.target.value })} aria-label="Not this" />,
        'optional: sentences that look alike but do not say it',
      )}
    </div>
  );
}
