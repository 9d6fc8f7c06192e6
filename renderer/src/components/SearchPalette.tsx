import { useEffect, useRef, useState } from 'react';
import { SNIPPET_MARK } from '../../../shared/api/reports';
import { api } from '../api/client';
import { dateTime, errorText } from '../lib/format';
import { navigate } from '../lib/router';

type Hit = Awaited<ReturnType<typeof api.searchTranscripts>>['hits'][number];

function Snippet({ text }: { text: string }): React.JSX.Element {
  const parts = text.split(SNIPPET_MARK.start);
  return (
    <span>
      {parts.map((p, i) => {
        if (i === 0) return <span key={i}>{p}</span>;
        const [hit, rest] = p.split(SNIPPET_MARK.end);
        return (
          <span key={i}>
            <mark>{hit}</mark>
            {rest}
          </span>
        );
      })}
    </span>
  );
}

/** Search every transcript from anywhere ("/" or Ctrl+K); Enter opens the call in Review. */
export function SearchPalette({ onClose }: { onClose(): void }): React.JSX.Element {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [sel, setSel] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    if (!q.trim()) {
      setHits([]);
      return undefined;
    }
    const t = setTimeout(() => {
      api
        .searchTranscripts({ query: q, limit: 50 })
        .then((r) => {
          setHits(r.hits);
          setSel(0);
          setError(null);
        })
        .catch((e: unknown) => setError(errorText(e)));
    }, 150);
    return () => clearTimeout(t);
  }, [q]);
  const open = (h: Hit | undefined): void => {
    if (!h) return;
    navigate({ view: 'review', leadId: h.lead_id ?? undefined, callId: h.call_id });
    onClose();
  };
  return (
    <div className="overlay" onClick={onClose}>
      <div className="panel palette" onClick={(e) => e.stopPropagation()} data-testid="search-palette">
        <input
          ref={input}
          value={q}
          placeholder="Search every transcript — e.g. another company"
          aria-label="Search transcripts"
          data-testid="search-input"
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onClose();
            else if (e.key === 'ArrowDown') setSel((s) => Math.min(hits.length - 1, s + 1));
            else if (e.key === 'ArrowUp') setSel((s) => Math.max(0, s - 1));
            else if (e.key === 'Enter') open(hits[sel]);
            else return;
            e.preventDefault();
          }}
        />
        {error && <p className="error">{error}</p>}
        {q.trim() && hits.length === 0 && !error && <p className="muted">No transcript mentions that.</p>}
        {hits.map((h, i) => (
          <div key={h.call_id} className={`hit${i === sel ? ' sel' : ''}`} onClick={() => open(h)} data-testid="search-hit">
            <div>
              <strong>{h.name ?? h.lead_id ?? h.call_id}</strong> <span className="muted">· {h.agent ?? '—'} · {dateTime(h.call_start_time)}</span>
            </div>
            <div className="muted">
              <Snippet text={h.snippet} />
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
