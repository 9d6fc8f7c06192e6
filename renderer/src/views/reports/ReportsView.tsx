import type { Reports } from '../../../../shared/api/reports';
import { api } from '../../api/client';
import { Chart } from '../../components/Chart';
import { EmptyState } from '../../components/EmptyState';
import { downloadText } from '../../lib/download';
import { errorText, num, pct } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { CoachingPanel } from './CoachingPanel';
import { ModelHistoryPanel } from './ModelHistoryPanel';
import { PhrasesPanel } from './PhrasesPanel';
import { TopicsPanel } from './TopicsPanel';
import { useState } from 'react';

export function ReportsView(): React.JSX.Element {
  const reports = useApi(() => api.getReports({}), [], ['scores', 'leads', 'calls', 'conversion_models']);
  const [status, setStatus] = useState<string | null>(null);
  const exportCsv = (report: 'agents' | 'calls' | 'queue'): void => {
    api
      .exportCsv({ report })
      .then((r) => {
        downloadText(r.filename, r.csv);
        setStatus(`Exported ${r.filename}`);
      })
      .catch((e: unknown) => setStatus(errorText(e)));
  };
  if (reports.error) return <p className="error">{reports.error}</p>;
  const r = reports.data;
  if (!r) return <p className="muted">Loading…</p>;
  const scored = r.histogram.reduce((n, b) => n + b.lead + b.qa, 0);
  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="reports-view">
      <div className="row">
        <strong>Export CSV:</strong>
        <button onClick={() => exportCsv('agents')} data-testid="export-agents">Agents</button>
        <button onClick={() => exportCsv('calls')} data-testid="export-calls">Calls</button>
        <button onClick={() => exportCsv('queue')} data-testid="export-queue">Queue</button>
        {status && <span className="muted">{status}</span>}
      </div>
      {scored === 0 ? (
        <EmptyState title="Nothing to report yet">Reports fill in as calls are scored; conversion charts need outcomes (mark them in the queue with <kbd>w</kbd> / <kbd>x</kbd>).</EmptyState>
      ) : (
        <Charts r={r} />
      )}
      <TopicsPanel />
      <ModelHistoryPanel />
      <PhrasesPanel />
      <AgentsTable r={r} />
      <CoachingPanel coaching={r.coaching} />
    </div>
  );
}

function Charts({ r }: { r: Reports }): React.JSX.Element {
  const buckets = r.histogram.map((b) => b.bucket);
  return (
    <div className="grid2">
      <Chart
        title="Score distribution"
        testId="chart-histogram"
        option={{
          legend: { top: 0 },
          xAxis: { type: 'category', data: buckets },
          yAxis: { type: 'value' },
          series: [
            { name: 'Lead', type: 'bar', data: r.histogram.map((b) => b.lead) },
            { name: 'QA', type: 'bar', data: r.histogram.map((b) => b.qa) },
          ],
        }}
      />
      <Chart
        title="Conversion rate by band"
        option={{
          xAxis: { type: 'category', data: r.bandConversion.map((b) => `${b.band} (${b.leads})`) },
          yAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
          series: [{ type: 'bar', data: r.bandConversion.map((b) => b.rate) }],
        }}
      />
      <Chart
        title="Lift by score decile"
        option={{
          xAxis: { type: 'category', data: r.liftByDecile.map((d) => `D${d.decile}`) },
          yAxis: { type: 'value' },
          series: [{ type: 'bar', data: r.liftByDecile.map((d) => d.lift), markLine: { data: [{ yAxis: 1 }], symbol: 'none' } }],
        }}
      />
      {r.model && (
        <Chart
          title={`Lift by model decile (model #${r.model.modelId}, out-of-fold)`}
          testId="chart-model-lift"
          option={{
            xAxis: { type: 'category', data: r.model.liftByDecile.map((d) => `D${d.decile}`) },
            yAxis: { type: 'value' },
            series: [{ type: 'bar', data: r.model.liftByDecile.map((d) => d.lift), markLine: { data: [{ yAxis: 1 }], symbol: 'none' } }],
          }}
        />
      )}
      <Chart
        testId="chart-reliability"
        title={
          r.model
            ? `Reliability of model #${r.model.modelId} (out-of-fold) · AUC ${num(r.model.auc, 3)} vs rubric score ${num(r.scoreAuc, 3)}`
            : `Reliability (score/100 — no model live) · rubric score AUC ${num(r.scoreAuc, 3)}`
        }
        option={{
          xAxis: { type: 'value', min: 0, max: 1, name: 'predicted' },
          yAxis: { type: 'value', min: 0, max: 1, name: 'actual' },
          series: [
            { type: 'line', data: r.reliability.map((b) => [b.predicted, b.actual]), symbolSize: 8 },
            { type: 'line', data: [[0, 0], [1, 1]], showSymbol: false, lineStyle: { type: 'dashed', opacity: 0.5 } },
          ],
        }}
      />
      <Chart
        title="Trend by week"
        option={{
          legend: { top: 0 },
          xAxis: { type: 'category', data: r.trend.map((t) => t.week) },
          yAxis: [{ type: 'value', name: 'score', max: 100 }, { type: 'value', name: 'calls' }],
          series: [
            { name: 'Lead score', type: 'line', data: r.trend.map((t) => t.lead) },
            { name: 'QA score', type: 'line', data: r.trend.map((t) => t.qa) },
            { name: 'Calls', type: 'bar', yAxisIndex: 1, data: r.trend.map((t) => t.calls), itemStyle: { opacity: 0.35 } },
          ],
        }}
      />
    </div>
  );
}

function AgentsTable({ r }: { r: Reports }): React.JSX.Element {
  return (
    <section className="panel">
      <h2>Agents</h2>
      <table className="simple" data-testid="agents-table">
        <thead>
          <tr><th>Agent</th><th>Calls</th><th>Talk ratio</th><th>Sentiment</th><th>QA score</th><th>Conversion</th></tr>
        </thead>
        <tbody>
          {r.agents.map((a) => (
            <tr key={a.agent}>
              <td>{a.agent}</td><td>{a.calls}</td><td>{pct(a.talkRatio)}</td><td>{num(a.sentiment, 2)}</td><td>{num(a.qa, 1)}</td><td>{pct(a.conversion)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
