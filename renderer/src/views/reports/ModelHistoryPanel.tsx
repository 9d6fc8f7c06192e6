import { useState } from 'react';
import type { ModelVersion } from '../../../../shared/api/models';
import { api } from '../../api/client';
import { Chart } from '../../components/Chart';
import { dateTime, errorText, num } from '../../lib/format';
import { useApi } from '../../lib/use-api';

const STATUS: Record<ModelVersion['status'], string> = { active: 'live', was_live: 'was live', refused: 'refused' };

/** Every model version with its figures and why it is live or was refused; a supervisor can restore an earlier one. */
export function ModelHistoryPanel(): React.JSX.Element {
  const list = useApi(() => api.listModelVersions({}), [], ['conversion_models', 'lead_predictions']);
  const [selected, setSelected] = useState<number | null>(null);
  const [confirming, setConfirming] = useState<number | 'rubric' | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  if (list.error) return <p className="error">{list.error}</p>;
  const data = list.data;
  if (!data) return <p className="muted">Loading models…</p>;
  const shown = data.versions.find((v) => v.modelId === selected) ?? data.versions.find((v) => v.status === 'active') ?? data.versions[0];
  const rollback = (modelId: number | null): void => {
    setConfirming(null);
    setStatus('Restoring…');
    api
      .rollbackModel({ modelId, by: 'supervisor' })
      .then((r) => {
        setStatus(r.active === null ? 'The rubric score ranks the queue again.' : `Model #${r.active} is live again; ${r.predictions} leads re-predicted.`);
        list.reload();
      })
      .catch((e: unknown) => setStatus(errorText(e)));
  };
  return (
    <section className="panel" data-testid="model-history">
      <h2>
        Conversion models{' '}
        <span className="muted">
          · the queue ranks by {data.basis === 'model' ? `model #${data.activeModelId}` : 'rubric score'}
        </span>
      </h2>
      <p className="muted">{data.rule}</p>
      {status && <p data-testid="model-status">{status}</p>}
      {data.versions.length === 0 ? (
        <p className="muted">No model trained yet: one is trained once outcomes of both kinds are recorded.</p>
      ) : (
        <table className="simple">
          <thead>
            <tr><th>#</th><th>Status</th><th>Trained</th><th>Outcomes</th><th>AUC</th><th>Top-decile lift</th><th>Reads words</th><th>Why</th><th /></tr>
          </thead>
          <tbody>
            {data.versions.map((v) => (
              <tr key={v.modelId} data-testid="model-version" onClick={() => setSelected(v.modelId)} style={{ cursor: 'pointer', fontWeight: v.modelId === shown?.modelId ? 600 : undefined }}>
                <td>{v.modelId}</td>
                <td><span className={`tag ${v.status === 'refused' ? 'outcome-lost' : ''}`}>{STATUS[v.status]}</span></td>
                <td>{dateTime(v.trainedAt)} · {v.trigger}</td>
                <td>{v.outcomes} ({v.converted} won)</td>
                <td>{num(v.auc, 3)}</td>
                <td>{num(v.liftByDecile[0]?.lift, 2)}</td>
                <td>{v.readsWords ? 'yes' : 'no'}</td>
                <td style={{ maxWidth: 420 }}>{v.reason}</td>
                <td>
                  {v.status === 'was_live' &&
                    (confirming === v.modelId ? (
                      <button className="primary" onClick={() => rollback(v.modelId)} data-testid="confirm-rollback">Confirm: make #{v.modelId} live</button>
                    ) : (
                      <button onClick={() => setConfirming(v.modelId)} data-testid="rollback">Roll back to #{v.modelId}</button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.basis === 'model' && (
        <p>
          {confirming === 'rubric' ? (
            <button className="primary" onClick={() => rollback(null)}>Confirm: rank by rubric score</button>
          ) : (
            <button onClick={() => setConfirming('rubric')}>Rank by rubric score instead</button>
          )}
        </p>
      )}
      {shown && <ModelDetail v={shown} />}
    </section>
  );
}

function ModelDetail({ v }: { v: ModelVersion }): React.JSX.Element {
  return (
    <div style={{ display: 'grid', gap: 12, marginTop: 12 }} data-testid="model-detail">
      <p className="muted">
        Model #{v.modelId}: out-of-fold AUC {num(v.auc, 3)}
        {v.parts.length > 1 && ` (${v.parts.map((p) => `${p.part} ${num(p.auc, 3)}`).join(', ')})`}
        {v.gate && ` · rubric score AUC ${num(v.gate.rubricAuc, 3)} on the same outcomes`}
        {v.gate?.active && ` · model #${v.gate.active.modelId} ${num(v.gate.active.auc, 3)}`}
      </p>
      <div className="grid2">
        <Chart
          title={`Lift by decile, model #${v.modelId} (out-of-fold)`}
          testId="model-lift"
          option={{
            xAxis: { type: 'category', data: v.liftByDecile.map((d) => `D${d.decile}`) },
            yAxis: { type: 'value' },
            series: [{ type: 'bar', data: v.liftByDecile.map((d) => d.lift), markLine: { data: [{ yAxis: 1 }], symbol: 'none' } }],
          }}
        />
        <Chart
          title={`Reliability, model #${v.modelId} (out-of-fold)`}
          testId="model-reliability"
          option={{
            xAxis: { type: 'value', min: 0, max: 1, name: 'predicted' },
            yAxis: { type: 'value', min: 0, max: 1, name: 'actual' },
            series: [
              { type: 'line', data: v.reliability.map((b) => [b.predicted, b.observed]), symbolSize: 8 },
              { type: 'line', data: [[0, 0], [1, 1]], showSymbol: false, lineStyle: { type: 'dashed', opacity: 0.5 } },
            ],
          }}
        />
      </div>
      <div>
        <strong>Top features</strong>{' '}
        {v.topFeatures.map((f) => (
          <span key={f.feature} className="tag" style={{ marginRight: 6 }}>
            {f.feature} {f.weight >= 0 ? '+' : ''}{f.weight.toFixed(2)}
          </span>
        ))}
      </div>
    </div>
  );
}
