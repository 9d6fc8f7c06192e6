import type { PhraseStat } from '../../../../shared/api/models';
import { api } from '../../api/client';
import { num, pct } from '../../lib/format';
import { useApi } from '../../lib/use-api';

function PhraseTable({ rows, testId }: { rows: PhraseStat[]; testId: string }): React.JSX.Element {
  return (
    <table className="simple" data-testid={testId}>
      <thead>
        <tr><th>Who</th><th>Phrase</th><th>Leads</th><th>Converted</th><th>Lift</th><th>Model weight</th></tr>
      </thead>
      <tbody>
        {rows.map((p) => (
          <tr key={`${p.role}|${p.phrase}`}>
            <td>{p.role}</td>
            <td>“{p.phrase}”</td>
            <td>{p.leads}</td>
            <td>{p.converted} ({pct(p.rate)})</td>
            <td>{num(p.lift, 2)}×</td>
            <td>{p.weight === null ? '—' : `${p.weight >= 0 ? '+' : ''}${p.weight.toFixed(2)}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What was said in the calls of leads that converted, and of leads that were lost. */
export function PhrasesPanel(): React.JSX.Element {
  const phrases = useApi(() => api.getConversionPhrases({ limit: 12 }), [], ['leads', 'calls', 'conversion_models']);
  if (phrases.error) return <p className="error">{phrases.error}</p>;
  const p = phrases.data;
  if (!p) return <p className="muted">Loading phrases…</p>;
  return (
    <section className="panel" data-testid="phrases">
      <h2>
        Phrases that predict conversion in your calls{' '}
        <span className="muted">
          · {p.outcomes} leads with an outcome, {pct(p.baseRate)} converted; phrases said by at least {p.minLeads} of them whose
          rate differs from the rest by {p.minZ} standard errors or more
        </span>
      </h2>
      {p.converting.length + p.lost.length === 0 ? (
        <p className="muted">Not enough outcomes of both kinds with transcripts yet.</p>
      ) : (
        <div className="grid2">
          <div>
            <strong>Said before a conversion</strong>
            <PhraseTable rows={p.converting} testId="phrases-converting" />
          </div>
          <div>
            <strong>Said before a loss</strong>
            <PhraseTable rows={p.lost} testId="phrases-lost" />
          </div>
        </div>
      )}
    </section>
  );
}
