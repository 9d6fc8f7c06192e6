import type { TrackerPreviewHit, TrackerQuality } from '../../../../../shared/api/trackers';
import { pct } from '../../../lib/format';
import { href } from '../../../lib/router';

export interface PreviewResult {
  calls: number;
  hits: TrackerPreviewHit[];
  quality: TrackerQuality;
}

/** The tracker's hits on the last stored calls, each to be marked right or wrong, and how it does on its own examples. */
export function TrackerPreview({
  result,
  onMark,
  busy,
}: {
  result: PreviewResult;
  onMark: (quote: string, right: boolean) => void;
  busy: boolean;
}): React.JSX.Element {
  const q = result.quality;
  return (
    <div data-testid="tracker-preview">
      <p data-testid="tracker-quality">
        On its {q.examples} examples and {q.notThis} “not this” sentences (each judged by a model trained without it):{' '}
        precision <strong>{q.precision === null ? '—' : pct(q.precision)}</strong>, recall{' '}
        <strong>{q.recall === null ? '—' : pct(q.recall)}</strong>
      </p>
      <p className="muted" data-testid="tracker-hit-count">
        {result.hits.length} hits in the last {result.calls} calls
      </p>
      <table className="simple">
        <thead>
          <tr><th>Quote</th><th>Who</th><th>Call</th><th>Confidence</th><th>Right?</th></tr>
        </thead>
        <tbody>
          {result.hits.map((h) => (
            <tr key={`${h.call_id}@${h.start}@${h.quote}`} data-testid="tracker-hit">
              <td data-testid="hit-quote">{h.quote}</td>
              <td>{h.speaker}</td>
              <td><a href={href({ view: 'review', leadId: h.lead_id ?? undefined, callId: h.call_id })}>{h.call_id}</a></td>
              <td>{pct(h.confidence)}</td>
              <td className="row">
                <button disabled={busy} onClick={() => onMark(h.quote, true)}>Right</button>
                <button disabled={busy} onClick={() => onMark(h.quote, false)}>Wrong</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
