import { memo, useEffect, useState } from 'react';
import type { QueueQuery } from '../../../../shared/api/queue-view';
import { count } from '../../lib/format';

type Filters = Omit<QueueQuery, 'sort' | 'desc'>;

interface Props {
  filters: Filters;
  onChange(f: Filters): void;
  facets: { campaigns: string[]; agents: string[]; leads: number } | null;
  total: number | null;
}

/** Memoized: the queue re-renders as rows arrive, the filter bar only when its own inputs change. */
export const QueueFilters = memo(function QueueFilters({
  filters,
  onChange,
  facets,
  total,
}: Props): React.JSX.Element {
  const [search, setSearch] = useState(filters.search ?? '');
  // Typing should not send a request per key: wait for a pause.
  useEffect(() => {
    const t = setTimeout(() => {
      if ((filters.search ?? '') !== search) onChange({ ...filters, search: search || undefined });
    }, 200);
    return () => clearTimeout(t);
  }, [search, filters, onChange]);
  const set = (patch: Partial<Filters>): void => onChange({ ...filters, ...patch });
  return (
    <div className="row">
      <input
        type="search"
        placeholder="Filter by name, phone, campaign, agent…"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        aria-label="Filter leads"
        data-testid="queue-search"
        style={{ minWidth: 280 }}
      />
      <select
        aria-label="Band"
        value={filters.band ?? ''}
        onChange={(e) => set({ band: (e.target.value || undefined) as Filters['band'] })}
      >
        <option value="">All bands</option>
        <option value="hot">Hot</option>
        <option value="warm">Warm</option>
        <option value="cold">Cold</option>
      </select>
      <select
        aria-label="Campaign"
        value={filters.campaign ?? ''}
        onChange={(e) => set({ campaign: e.target.value || undefined })}
      >
        <option value="">All campaigns</option>
        {facets?.campaigns.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </select>
      <select
        aria-label="Agent"
        value={filters.agent ?? ''}
        onChange={(e) => set({ agent: e.target.value || undefined })}
      >
        <option value="">All agents</option>
        {facets?.agents.map((a) => (
          <option key={a}>{a}</option>
        ))}
      </select>
      <select
        aria-label="Status"
        value={filters.status ?? 'open'}
        onChange={(e) => set({ status: e.target.value as Filters['status'] })}
      >
        <option value="open">Open leads</option>
        <option value="all">All leads</option>
        <option value="converted">Converted</option>
        <option value="lost">Lost</option>
      </select>
      <span className="muted" data-testid="queue-total">
        {total === null ? 'Loading…' : `${count(total)} lead${total === 1 ? '' : 's'}`}
      </span>
    </div>
  );
});
