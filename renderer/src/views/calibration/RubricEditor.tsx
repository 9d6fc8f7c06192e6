import type { Rubric } from '../../../../shared/scoring/rubric';

interface Props {
  rubric: Rubric;
  weights: Record<string, number>;
  bands: { hot: number; warm: number };
  suggested: Record<string, number> | null;
  /** 90% bootstrap interval of each suggested weight. */
  intervals?: Record<string, { low: number; high: number }>;
  onWeight(id: string, w: number): void;
  onBands(b: { hot: number; warm: number }): void;
}

/** Criteria with their weights and the band thresholds; every edit re-runs the what-if at once. */
export function RubricEditor({ rubric, weights, bands, suggested, intervals, onWeight, onBands }: Props): React.JSX.Element {
  return (
    <div>
      <table className="simple" data-testid="rubric-editor">
        <thead>
          <tr>
            <th>Criterion</th>
            <th>Type</th>
            <th>Points</th>
            <th>Weight</th>
            {suggested && <th>Suggested</th>}
          </tr>
        </thead>
        <tbody>
          {rubric.criteria.map((c) => (
            <tr key={c.id}>
              <td title={c.id}>
                {c.description || c.id}
                {c.campaigns && <span className="muted"> · {c.campaigns.join(', ')}</span>}
              </td>
              <td className="muted">{c.type}</td>
              <td>{c.points}</td>
              <td>
                <input
                  type="number"
                  min={0}
                  max={100}
                  step={0.25}
                  value={weights[c.id] ?? c.weight}
                  data-testid={`weight-${c.id}`}
                  aria-label={`Weight of ${c.id}`}
                  onChange={(e) => {
                    const w = Number(e.target.value);
                    if (Number.isFinite(w) && w >= 0) onWeight(c.id, w);
                  }}
                  style={{ width: 72 }}
                />
              </td>
              {suggested && (
                <td className={suggested[c.id] !== (weights[c.id] ?? c.weight) ? 'outcome-converted' : 'muted'} data-testid={`suggested-${c.id}`}>
                  {suggested[c.id]}
                  {intervals?.[c.id] && (
                    <span className="muted" title="90% bootstrap interval: the weight the search picks on resampled reviews">
                      {' '}
                      ({intervals[c.id]?.low}–{intervals[c.id]?.high})
                    </span>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row" style={{ marginTop: 8 }}>
        <label>
          Hot from{' '}
          <input type="number" min={0} max={100} value={bands.hot} style={{ width: 64 }} onChange={(e) => onBands({ ...bands, hot: Number(e.target.value) })} data-testid="band-hot" />
        </label>
        <label>
          Warm from{' '}
          <input type="number" min={0} max={100} value={bands.warm} style={{ width: 64 }} onChange={(e) => onBands({ ...bands, warm: Number(e.target.value) })} />
        </label>
        <span className="muted">scale: {rubric.scale}</span>
      </div>
    </div>
  );
}
