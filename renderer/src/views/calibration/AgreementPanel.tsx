import type { Agreement } from '../../../../shared/api/calibration';
import { num, pct } from '../../lib/format';

function Delta({ now, was, digits = 3 }: { now: number | null; was: number | null | undefined; digits?: number }): React.JSX.Element | null {
  if (now === null || was === null || was === undefined || Math.abs(now - was) < 1e-9) return null;
  const d = now - was;
  return <span className={d > 0 ? 'outcome-converted' : 'outcome-lost'}> ({d > 0 ? '+' : ''}{d.toFixed(digits)})</span>;
}

/** The agreement figures under the edited weights, each with its change from the saved rubric. */
export function AgreementPanel({ now, was }: { now: Agreement; was: Agreement | undefined }): React.JSX.Element {
  return (
    <section className="panel" data-testid="agreement">
      <h2>Agreement with manual QA ({now.n} reviewed calls)</h2>
      {now.n === 0 ? (
        <p className="muted">No manual reviews yet: review a few calls (the list below picks them for you) and agreement appears here.</p>
      ) : (
        <table className="simple">
          <tbody>
            <tr>
              <th>Weighted kappa</th>
              <td data-testid="kappa">{num(now.kappa, 3)}</td>
              <td><Delta now={now.kappa} was={was?.kappa} /></td>
            </tr>
            <tr>
              <th>Spearman</th>
              <td data-testid="spearman">{num(now.spearman, 3)}</td>
              <td><Delta now={now.spearman} was={was?.spearman} /></td>
            </tr>
            <tr>
              <th>Exact (same fifth)</th>
              <td>{pct(now.exact)}</td>
              <td><Delta now={now.exact} was={was?.exact} /></td>
            </tr>
            <tr>
              <th>Within one</th>
              <td>{pct(now.withinOne)}</td>
              <td><Delta now={now.withinOne} was={was?.withinOne} /></td>
            </tr>
            <tr>
              <th>Mean abs. error</th>
              <td data-testid="mae">{num(now.mae, 1)}</td>
              <td><Delta now={now.mae} was={was?.mae} digits={1} /></td>
            </tr>
          </tbody>
        </table>
      )}
      <p className="muted" style={{ fontSize: 12 }}>
        Kappa is quadratic-weighted over five grades (0-19, 20-39 … 80-100) of the AI and the reviewers' totals.
      </p>
    </section>
  );
}
