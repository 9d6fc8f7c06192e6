import { createColumnHelper } from '@tanstack/react-table';
import type { QueueRow, QueueSort } from '../../../../shared/api/queue-view';
import { ago, pct } from '../../lib/format';

const col = createColumnHelper<QueueRow>();

/** Columns whose first click sorts high-to-low (a supervisor wants the best score first). */
export const DESC_FIRST = new Set<QueueSort>(['score', 'probability', 'attempts', 'last_called_at']);

export const columns = [
  col.accessor('rank', { id: 'rank', header: 'Rank', cell: (c) => <span className="num" data-testid="rank">#{c.getValue()}</span> }),
  col.accessor('score', {
    id: 'score',
    header: 'Score',
    cell: (c) => {
      const r = c.row.original;
      return (
        <span className="num" data-testid="score">
          {r.score === null ? '—' : Math.round(r.score)} {r.band && <span className={`band ${r.band}`}>{r.band}</span>}
        </span>
      );
    },
  }),
  col.accessor('probability', { id: 'probability', header: 'Conv. %', cell: (c) => <span className="num">{pct(c.getValue())}</span> }),
  col.accessor('name', {
    id: 'name',
    header: 'Lead',
    cell: (c) => (
      <span>
        {c.getValue() ?? c.row.original.phone ?? c.row.original.lead_id}{' '}
        <span className="muted">{c.getValue() ? c.row.original.phone : ''}</span>
      </span>
    ),
  }),
  col.accessor('last_called_at', { id: 'last_called_at', header: 'Last call', cell: (c) => (c.getValue() ? `${ago(c.getValue())} ago` : 'never') }),
  col.accessor('attempts', { id: 'attempts', header: 'Tries', cell: (c) => <span className="num">{c.getValue()}</span> }),
  col.accessor('created_at', { id: 'age', header: 'Came in', cell: (c) => `${ago(c.getValue())} ago` }),
  col.accessor('campaign', { id: 'campaign', header: 'Campaign', cell: (c) => c.getValue() ?? '—' }),
  col.accessor('agent', { id: 'agent', header: 'Agent', cell: (c) => c.getValue() ?? '—' }),
  col.accessor('outcome', {
    id: 'outcome',
    header: 'Outcome',
    enableSorting: false,
    cell: (c) => (c.getValue() ? <span className={`outcome-${c.getValue()}`}>{c.getValue()}</span> : <span className="muted">open</span>),
  }),
];

/** The rank's reasons in words, for the hover card. */
export function explainRank(r: QueueRow): string[] {
  const p = r.parts;
  const lines = [
    p.basis === 'model'
      ? `Conversion model: ${pct(r.probability)} → +${p.score}`
      : `Rubric score ${r.score ?? 0} → +${p.score} (no model yet: ranked by the rubric)`,
  ];
  if (p.speed > 0) lines.push(`New lead, never called: +${p.speed} (speed-to-lead fades within hours)`);
  if (p.attempts < 0) lines.push(`${r.attempts} attempt${r.attempts === 1 ? '' : 's'} already: ${p.attempts}`);
  if (p.callback > 0) lines.push(`Callback window ${p.callback === 25 ? 'open now' : 'passed recently'}: +${p.callback}`);
  if (p.callback < 0) lines.push(`Callback asked for later: ${p.callback} until then`);
  return lines;
}
