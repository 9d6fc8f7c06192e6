import { useEffect, useMemo, useRef } from 'react';
import type { ApiOutput } from '../../../../shared/api/contract';
import { clock } from '../../lib/format';
import { highlight, type Highlight } from '../../lib/highlight';

type Call = ApiOutput<'getCall'>;

const label = (id: string): string => id.replace(/_/g, ' ');

/** Lines by speaker; the one being played is marked and kept in view; a click seeks the audio there. */
export function Transcript({ call, time, onSeek }: { call: Call; time: number; onSeek(t: number): void }): React.JSX.Element {
  const current = useMemo(() => {
    let idx = -1;
    call.segments.forEach((s, i) => {
      if (s.start <= time + 0.05) idx = i;
    });
    return idx;
  }, [call.segments, time]);
  const currentRef = useRef<HTMLDivElement>(null);
  // Braces matter: newer Chromium returns a promise from scrollIntoView, and an effect must return nothing.
  useEffect(() => {
    currentRef.current?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  // Tags per line: the intents and compliance statements whose evidence was said in it.
  const tagsAt = (start: number): { text: string; kind: string }[] => [
    ...call.intents.filter((i) => i.evidence.some((e) => Math.abs(e.start - start) < 0.01)).map((i) => ({ text: label(i.id), kind: 'intent' })),
    ...call.compliance.filter((c) => c.found && c.evidence && Math.abs(c.evidence.start - start) < 0.01).map((c) => ({ text: label(c.id), kind: 'compliance' })),
  ];
  const marks: Highlight[] = [
    ...call.intents.flatMap((i) => i.evidence.map((e) => ({ text: e.quote, className: 'intent', title: label(i.id) }))),
    ...call.compliance.flatMap((c) => (c.evidence ? [{ text: c.evidence.quote, className: 'compliance', title: label(c.id) }] : [])),
    ...call.keywords.slice(0, 12).map((k) => ({ text: k, className: 'kw', title: 'keyword' })),
  ];
  if (call.segments.length === 0) {
    return <p className="muted">No transcript yet: the call is still being processed, or nothing was said.</p>;
  }
  return (
    <div data-testid="transcript">
      {call.segments.map((s, i) => (
        <div
          key={i}
          ref={i === current ? currentRef : undefined}
          className={`seg${i === current ? ' current' : ''}`}
          data-testid="segment"
          data-start={s.start}
          aria-current={i === current ? 'true' : undefined}
          onClick={() => onSeek(s.start)}
        >
          <span className="muted">{clock(s.start)}</span>
          <span className={`spk ${s.speaker}`}>{s.speaker}</span>
          <span>{highlight(s.text, marks)}</span>
          {tagsAt(s.start).length > 0 && (
            <span className="tags">
              {tagsAt(s.start).map((t) => (
                <span key={t.text} className={`tag ${t.kind}`}>
                  {t.text}
                </span>
              ))}
            </span>
          )}
        </div>
      ))}
    </div>
  );
}
