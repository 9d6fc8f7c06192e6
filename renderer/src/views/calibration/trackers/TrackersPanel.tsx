import { useState } from 'react';
import { PREVIEW_CALLS } from '../../../../../shared/api/trackers';
import { api } from '../../../api/client';
import { count, errorText } from '../../../lib/format';
import { href } from '../../../lib/router';
import { useApi } from '../../../lib/use-api';
import { TrackerForm } from './TrackerForm';
import { TrackerPreview, type PreviewResult } from './TrackerPreview';
import { UseInRubric } from './UseInRubric';
import { draftToInput, EMPTY_DRAFT, inputToDraft, markSentence, type TrackerDraft } from './tracker-draft';

/**
 * The team's own trackers, taught by example: write a few sentences, preview on the last stored
 * calls, mark hits right or wrong (the tracker relearns at once), then save: stored calls are
 * re-analysed in the background (Jobs) and re-scored.
 */
export function TrackersPanel({ kind }: { kind: 'qa' | 'lead' }): React.JSX.Element {
  const list = useApi(() => api.listTrackers({}), [], ['trackers']);
  const [draft, setDraft] = useState<TrackerDraft | null>(null);
  const [lastCalls, setLastCalls] = useState(PREVIEW_CALLS);
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<React.ReactNode>(null);

  const run = (d: TrackerDraft): void => {
    setBusy(true);
    setStatus('Learning from the examples…');
    api
      .previewTracker({ tracker: draftToInput(d), lastCalls })
      .then((r) => {
        setPreview(r);
        setStatus(null);
      })
      .catch((e: unknown) => setStatus(<span className="error">{errorText(e)}</span>))
      .finally(() => setBusy(false));
  };
  const mark = (quote: string, right: boolean): void => {
    if (!draft) return;
    const next = markSentence(draft, quote, right);
    setDraft(next);
    run(next);
  };
  const save = (): void => {
    if (!draft) return;
    setBusy(true);
    api
      .saveTracker({ tracker: draftToInput(draft), by: 'supervisor' })
      .then((r) => {
        setDraft({ ...draft, id: r.id });
        setStatus(
          <span data-testid="tracker-saved">
            Saved “{draft.name}” v{r.version} with rubric versions {Object.entries(r.rubricVersions).map(([k, v]) => `${k} v${v}`).join(', ')} ·
            re-analysing {count(r.queued)} calls in the background (<a href={href({ view: 'jobs' })}>Jobs</a>)
          </span>,
        );
      })
      .catch((e: unknown) => setStatus(<span className="error">{errorText(e)}</span>))
      .finally(() => setBusy(false));
  };
  const open = (d: TrackerDraft): void => {
    setDraft(d);
    setPreview(null);
    setStatus(null);
  };

  return (
    <section className="panel" data-testid="trackers">
      <h2>Trackers taught by example</h2>
      {list.error && <p className="error">{list.error}</p>}
      <div className="row" style={{ marginBottom: 8 }}>
        {list.data?.trackers.map((t) => (
          <button key={t.id} onClick={() => open(inputToDraft(t.tracker))} data-testid="team-tracker">
            {t.tracker.name} <span className="muted">v{t.version}</span>
          </button>
        ))}
        {list.data && list.data.trackers.length === 0 && !draft && (
          <span className="muted">No team trackers yet: describe a concept with a few sentences and see where your calls say it.</span>
        )}
        <button onClick={() => open(EMPTY_DRAFT)} data-testid="new-tracker">New tracker</button>
      </div>
      {draft && (
        <div className="grid2">
          <div style={{ display: 'grid', gap: 8, alignContent: 'start' }}>
            <TrackerForm draft={draft} onChange={setDraft} />
            <div className="row">
              <label>
                Preview on the last{' '}
                <input type="number" min={1} max={2000} value={lastCalls} style={{ width: 80 }} aria-label="Calls to preview"
                  onChange={(e) => setLastCalls(Math.max(1, Math.min(2000, Number(e.target.value) || PREVIEW_CALLS)))} />{' '}
                calls
              </label>
              <button disabled={busy} onClick={() => run(draft)} data-testid="preview-tracker">Preview</button>
              <button className="primary" disabled={busy} onClick={save} data-testid="save-tracker">Save tracker</button>
            </div>
            {draft.id && <UseInRubric kind={kind} trackerId={draft.id} name={draft.name} />}
            {status && <p data-testid="tracker-status">{status}</p>}
          </div>
          <div>{preview ? <TrackerPreview result={preview} onMark={mark} busy={busy} /> : <p className="muted">Preview to see its hits.</p>}</div>
        </div>
      )}
    </section>
  );
}
