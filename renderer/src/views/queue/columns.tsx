import { createColumnHelper } from '@tanstack/react-table';
import type { QueueRow, QueueSort } from '../../../../shared/api/queue-view';
import { ago, pct } from '../../lib/format';
import { spokenWindowText } from '../../lib/spoken-window';

const col = createColumnHelper<QueueRow>();

/** Columns whose first click sorts high-to-low (a supervisor wants the best score first). */
export const DESC_FIRST = new Set<QueueSort>(['score', 'probability', 'attempts', 'last_called_at']);

/**
 * Each column's cell as a function of the lead alone. The grid renders rows from these directly:
 * a TanStack row and its cell objects per lead (a dozen closures each) were most of what a scroll
 * allocated, for 5 new leads a frame. The column definitions below use the same functions, so the
 * table and the grid cannot disagree. Plain values are one text node in the cell itself (the
 * cell's class and test id are in CELL_PROPS): a span and a second text node around each value made
 * a row 18 elements instead of 13, every one rendered, styled and laid out on the first screen and
 * in every scroll frame.
 */
export const CELLS: Record<string, (r: QueueRow) => React.ReactNode> = {
  rank: (r) => `#${r.rank}`,
  score: (r) => (
    <>
      {`${r.score === null ? '—' : Math.round(r.score)} `}
      {r.band && <span className={`band ${r.band}`}>{r.band}</span>}
    </>
  ),
  probability: (r) => pct(r.probability),
  name: (r) =>
    r.name ? (
      <>
        {`${r.name} `}
        <span className="muted">{r.phone}</span>
      </>
    ) : (
      (r.phone ?? r.lead_id)
    ),
  last_called_at: (r) => (r.last_called_at ? `${ago(r.last_called_at)} ago` : 'never'),
  attempts: (r) => String(r.attempts),
  age: (r) => `${ago(r.created_at)} ago`,
  campaign: (r) => r.campaign ?? '—',
  agent: (r) => r.agent ?? '—',
  outcome: (r) => (r.outcome ? <span className={`outcome-${r.outcome}`}>{r.outcome}</span> : <span className="muted">open</span>),
};

/** What a column's cell element carries besides its content. */
export const CELL_PROPS: Record<string, { className?: string; 'data-testid'?: string }> = {
  rank: { className: 'num', 'data-testid': 'rank' },
  score: { className: 'num', 'data-testid': 'score' },
  probability: { className: 'num' },
  attempts: { className: 'num' },
};

const cell = (id: keyof typeof CELLS) => ({ id, cell: (c: { row: { original: QueueRow } }) => CELLS[id]?.(c.row.original) });

export const columns = [
  col.accessor('rank', { header: 'Rank', ...cell('rank') }),
  col.accessor('score', { header: 'Score', ...cell('score') }),
  col.accessor('probability', { header: 'Conv. %', ...cell('probability') }),
  col.accessor('name', { header: 'Lead', ...cell('name') }),
  col.accessor('last_called_at', { header: 'Last call', ...cell('last_called_at') }),
  col.accessor('attempts', { header: 'Tries', ...cell('attempts') }),
  col.accessor('created_at', { header: 'Came in', ...cell('age') }),
  col.accessor('campaign', { header: 'Campaign', ...cell('campaign') }),
  col.accessor('agent', { header: 'Agent', ...cell('agent') }),
  col.accessor('outcome', { header: 'Outcome', enableSorting: false, ...cell('outcome') }),
];

/**
 * The rank's reasons for the hover card: the server's rank_reason (electron/ranking/rank-reason.ts),
 * the very text `queue --json` and REST /leads give, one clause a line.
 */
export function explainRank(r: QueueRow): string[] {
  const lines = r.rank_reason.split('; ');
  // Where the callback window came from (not a part of the rank): the words said on the call.
  const w = r.callback_window;
  if (w) lines.push(`Asked on a call: "${w.quote}" → ${spokenWindowText(w)}`);
  return lines;
}
