import type { Reports } from '../../../../shared/api/reports';
import { pct } from '../../lib/format';
import { href } from '../../lib/router';

/** Per agent, the QA criteria missed most often, with calls to listen to together. */
export function CoachingPanel({ coaching }: { coaching: Reports['coaching'] }): React.JSX.Element {
  return (
    <section className="panel" data-testid="coaching">
      <h2>Coaching</h2>
      <div className="grid2">
        {coaching.map((a) => (
          <div key={a.agent}>
            <strong>{a.agent}</strong>
            {a.missed.length === 0 ? (
              <p className="muted">Meets every QA criterion on the calls scored.</p>
            ) : (
              <ul>
                {a.missed.map((m) => (
                  <li key={m.criterion}>
                    {m.description || m.criterion}: missed on {pct(m.missRate)} of calls · listen:{' '}
                    {m.examples.map((c) => (
                      <a key={c.call_id} href={href({ view: 'review', leadId: c.lead_id ?? undefined, callId: c.call_id })} style={{ marginRight: 6 }}>
                        {c.call_id}
                      </a>
                    ))}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
