import { useState } from 'react';
import type { Topic, TopicsReport } from '../../../../shared/api/reports';
import { api } from '../../api/client';
import { pct } from '../../lib/format';
import { href } from '../../lib/router';
import { useApi } from '../../lib/use-api';

const PERIODS = [
  { days: 7, label: 'This week (7 days)' },
  { days: 14, label: 'Last 14 days' },
  { days: 30, label: 'Last 30 days' },
];

function TopicRow({ t }: { t: Topic }): React.JSX.Element {
  return (
    <li data-testid="topic" style={{ marginBottom: 8 }}>
      <div>
        {t.isNew && (
          <span className="band hot" data-testid="topic-new" title="Said in at least three times the share of calls it had in the eight weeks before">
            new
          </span>
        )}{' '}
        <strong data-testid="topic-terms">{t.terms.map((x) => x.term).join(' · ')}</strong>{' '}
        <span className="muted">
          {t.calls} calls ({pct(t.share)}){t.baselineShare !== null && <> · before: {pct(t.baselineShare)}</>}
        </span>
      </div>
      <ul>
        {t.quotes.map((q) => (
          <li key={`${q.call_id}@${q.start}`} data-testid="topic-quote">
            “{q.quote}”{' '}
            <a href={href({ view: 'review', leadId: q.lead_id ?? undefined, callId: q.call_id })} className="muted">
              {q.call_id}
            </a>
          </li>
        ))}
      </ul>
    </li>
  );
}

function GroupTopics({ group }: { group: TopicsReport['groups'][number] }): React.JSX.Element {
  if (group.topics.length === 0)
    return (
      <p className="muted" data-testid="topics-empty">
        {group.calls === 0
          ? 'No analysed calls in this period yet: topics appear as calls are transcribed and analysed.'
          : `Not enough said by customers in ${group.calls} calls to find topics (a term needs at least two calls).`}
      </p>
    );
  return <ol data-testid="topics-list">{group.topics.map((t, i) => <TopicRow key={i} t={t} />)}</ol>;
}

/** What customers talked about most, found from their own words (no topic is defined first). */
export function TopicsPanel(): React.JSX.Element {
  const [days, setDays] = useState(7);
  const [campaign, setCampaign] = useState<string>('');
  const topics = useApi(() => api.getTopics({ days }), [days], ['calls']);
  if (topics.error) return <p className="error">{topics.error}</p>;
  const r = topics.data;
  const group = r?.groups.find((g) => (g.campaign ?? '') === campaign) ?? r?.groups[0];
  return (
    <section className="panel" data-testid="topics">
      <h2>
        What customers talk about{' '}
        <span className="muted">· from their own words in analysed calls, compared with the eight weeks before</span>
      </h2>
      <div className="row">
        <select value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid="topics-period" aria-label="Period">
          {PERIODS.map((p) => (
            <option key={p.days} value={p.days}>{p.label}</option>
          ))}
        </select>
        <select value={campaign} onChange={(e) => setCampaign(e.target.value)} data-testid="topics-campaign" aria-label="Campaign">
          {(r?.groups ?? []).map((g) => (
            <option key={g.campaign ?? ''} value={g.campaign ?? ''}>
              {g.campaign ?? 'All campaigns'} ({g.calls} calls)
            </option>
          ))}
        </select>
      </div>
      {!r || !group ? <p className="muted">Finding topics…</p> : <GroupTopics group={group} />}
    </section>
  );
}
