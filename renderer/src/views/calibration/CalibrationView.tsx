import { useEffect, useMemo, useState } from 'react';
import type { Calibration, WhatIf } from '../../../../shared/api/calibration';
import { rubricSchema, type Rubric } from '../../../../shared/scoring/rubric';
import { api } from '../../api/client';
import { Chart } from '../../components/Chart';
import { RescoreProgress } from '../../components/RescoreProgress';
import { count, errorText } from '../../lib/format';
import { href } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { AgreementPanel } from './AgreementPanel';
import { ReviewSetsPanel } from './ReviewSetsPanel';
import { RubricEditor } from './RubricEditor';
import { VersionsPanel } from './VersionsPanel';
import { TrackersPanel } from './trackers/TrackersPanel';

type Kind = 'qa' | 'lead';

export function CalibrationView(): React.JSX.Element {
  const [kind, setKind] = useState<Kind>('qa');
  const rubrics = useApi(() => api.listRubrics({ kind }), [kind], ['rubrics']);
  const saved = useApi(() => api.calibrate({ kind }), [kind], ['rubrics', 'manual_reviews', 'scores']);
  const rubric = useMemo<Rubric | null>(() => (rubrics.data ? rubricSchema.parse(rubrics.data.active) : null), [rubrics.data]);
  const [weights, setWeights] = useState<Record<string, number>>({});
  const [bands, setBands] = useState({ hot: 70, warm: 40 });
  const [whatIf, setWhatIf] = useState<Calibration | null>(null);
  const [suggested, setSuggested] = useState<Record<string, number> | null>(null);
  const [intervals, setIntervals] = useState<Record<string, { low: number; high: number }>>({});
  const [status, setStatus] = useState<string | null>(null);

  // A freshly loaded rubric resets the editor to what is saved.
  useEffect(() => {
    if (!rubric) return;
    setWeights(Object.fromEntries(rubric.criteria.map((c) => [c.id, c.weight])));
    setBands({ ...rubric.bands });
    setWhatIf(null);
  }, [rubric]);

  const edited = rubric !== null && (rubric.criteria.some((c) => weights[c.id] !== c.weight) || bands.hot !== rubric.bands.hot || bands.warm !== rubric.bands.warm);
  // Live what-if: re-score on the server after a short pause in typing.
  useEffect(() => {
    if (!edited) {
      setWhatIf(null);
      return undefined;
    }
    const edit: WhatIf = { weights, bands };
    const t = setTimeout(() => {
      api.calibrate({ kind, whatIf: edit }).then(setWhatIf).catch((e: unknown) => setStatus(errorText(e)));
    }, 120);
    return () => clearTimeout(t);
  }, [edited, weights, bands, kind]);

  const shown = whatIf ?? saved.data;
  const save = (): void => {
    if (!rubric) return;
    const definition: Rubric = { ...rubric, bands, criteria: rubric.criteria.map((c) => ({ ...c, weight: weights[c.id] ?? c.weight })) };
    setStatus('Saving and re-scoring…');
    api
      .saveRubric({ kind, definition, by: 'supervisor' })
      .then((r) => {
        // In the background, the re-score's own progress line follows below.
        setStatus(
          r.background || r.calls === null
            ? `Saved version ${r.version}`
            : `Saved version ${r.version} · re-scored ${count(r.calls)} calls`,
        );
        setSuggested(null);
        rubrics.reload();
        saved.reload();
      })
      .catch((e: unknown) => setStatus(errorText(e)));
  };
  const suggest = (): void => {
    api
      .suggestWeights({ kind })
      .then((s) => {
        if (!s.enough) {
          setSuggested(null);
          setIntervals({});
          setStatus(`No suggestion: ${s.message}.`);
          return;
        }
        setSuggested(s.weights);
        setIntervals(s.intervals);
        setStatus(`Suggested weights (${s.message}): apply them to try, save to keep.`);
      })
      .catch((e: unknown) => setStatus(errorText(e)));
  };

  if (rubrics.error) return <p className="error">{rubrics.error}</p>;
  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="calibration-view">
      <div className="row">
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} aria-label="Rubric">
          <option value="qa">QA scorecard</option>
          <option value="lead">Lead rubric</option>
        </select>
        <strong data-testid="active-version">
          {rubric?.name} · v{shown?.version ?? '—'} active
        </strong>
        {edited && <span className="tag intent">unsaved what-if</span>}
        <span className="spacer" style={{ flex: 1 }} />
        <button onClick={suggest}>Suggest weights</button>
        {suggested && <button onClick={() => setWeights({ ...weights, ...suggested })}>Apply suggestion</button>}
        <button onClick={() => rubric && setWeights(Object.fromEntries(rubric.criteria.map((c) => [c.id, c.weight])))} disabled={!edited}>
          Reset
        </button>
        <button className="primary" onClick={save} disabled={!edited} data-testid="save-rubric">
          Save as new version
        </button>
      </div>
      {status && <p data-testid="calibration-status">{status}</p>}
      <RescoreProgress kind={kind} />
      <div className="grid2">
        <section className="panel">
          <h2>Rubric</h2>
          {rubric && (
            <RubricEditor
              rubric={rubric}
              weights={weights}
              bands={bands}
              suggested={suggested}
              intervals={intervals}
              onWeight={(id, w) => setWeights((prev) => ({ ...prev, [id]: w }))}
              onBands={setBands}
            />
          )}
        </section>
        <div style={{ display: 'grid', gap: 12, alignContent: 'start' }}>
          {shown && <AgreementPanel now={shown.agreement} was={whatIf ? saved.data?.agreement : undefined} />}
          {shown && shown.points.length > 0 && (
            <Chart
              title="AI vs manual score"
              testId="scatter"
              option={{
                tooltip: { trigger: 'item' },
                xAxis: { type: 'value', name: 'manual', min: 0, max: 100 },
                yAxis: { type: 'value', name: 'AI', min: 0, max: 100 },
                series: [
                  { type: 'scatter', data: shown.points.map((p) => [p.manual, p.ai]), symbolSize: 9 },
                  { type: 'line', data: [[0, 0], [100, 100]], showSymbol: false, lineStyle: { type: 'dashed', opacity: 0.5 } },
                ],
              }}
            />
          )}
        </div>
      </div>
      <TrackersPanel kind={kind} />
      {shown && <CalibrationTables c={shown} />}
      {saved.data && <ReviewSetsPanel toReview={saved.data.toReview} />}
      {rubrics.data && rubric && <VersionsPanel versions={rubrics.data.versions} active={rubric} />}
    </div>
  );
}

function CalibrationTables({ c }: { c: Calibration }): React.JSX.Element {
  return (
    <div className="grid2">
      <section className="panel">
        <h2>
          Order under these weights <span className="muted" data-testid="moved">{c.moved} calls change position</span>
        </h2>
        <p className="muted">
          Bands: <span className="band hot">hot {c.bandCounts.hot}</span> <span className="band warm">warm {c.bandCounts.warm}</span>{' '}
          <span className="band cold">cold {c.bandCounts.cold}</span>
        </p>
        <table className="simple">
          <tbody>
            {c.order.slice(0, 12).map((o, i) => (
              <tr key={o.call_id} data-testid="order-row">
                <td>#{i + 1}</td>
                <td>
                  <a href={href({ view: 'review', leadId: o.lead_id ?? undefined, callId: o.call_id })}>{o.call_id}</a>
                </td>
                <td>{o.score}</td>
                <td><span className={`band ${o.band}`}>{o.band}</span></td>
                <td className="muted">{o.before === i + 1 ? '' : `was #${o.before}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h2>Largest disagreements</h2>
        <table className="simple">
          <thead><tr><th>Call</th><th>Agent</th><th>AI</th><th>Manual</th><th>Diff</th></tr></thead>
          <tbody>
            {c.disagreements.slice(0, 10).map((d) => (
              <tr key={d.call_id} data-testid="disagreement">
                <td><a href={href({ view: 'review', leadId: d.lead_id ?? undefined, callId: d.call_id })}>{d.call_id}</a></td>
                <td>{d.agent ?? '—'}</td>
                <td>{d.ai}</td>
                <td>{Math.round(d.manual * 10) / 10}</td>
                <td>{d.diff > 0 ? '+' : ''}{d.diff}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2 style={{ marginTop: 12 }}>
          Review next (stratified by band){' '}
          {c.toReview.length > 0 && (
            <button onClick={() => document.querySelector('[data-testid=review-sets]')?.scrollIntoView({ behavior: 'smooth' })} data-testid="review-next-offline">
              Review offline…
            </button>
          )}
        </h2>
        <p>
          {c.toReview.length === 0 && <span className="muted">Every call has a review.</span>}
          {c.toReview.map((t) => (
            <a key={t.call_id} href={href({ view: 'review', leadId: t.lead_id ?? undefined, callId: t.call_id })} style={{ marginRight: 8 }}>
              <span className={`band ${t.band}`}>{t.band}</span> {t.call_id}
            </a>
          ))}
        </p>
      </section>
      <section className="panel" style={{ gridColumn: '1 / -1' }}>
        <h2>Per criterion: AI vs reviewers</h2>
        <table className="simple">
          <thead><tr><th>Criterion</th><th>Both met</th><th>AI only</th><th>Reviewer only</th><th>Neither</th></tr></thead>
          <tbody>
            {c.perCriterion.map((p) => (
              <tr key={p.id}>
                <td>{p.id}</td><td>{p.bothMet}</td><td className={p.aiOnly ? 'outcome-lost' : ''}>{p.aiOnly}</td>
                <td className={p.manualOnly ? 'outcome-lost' : ''}>{p.manualOnly}</td><td>{p.neither}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
