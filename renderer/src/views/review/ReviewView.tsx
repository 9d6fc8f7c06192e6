import { useCallback, useRef, useState } from 'react';
import { api } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { audioSrc } from '../../lib/audio-src';
import { clock, dateTime } from '../../lib/format';
import { navigate } from '../../lib/router';
import type { ErasureReportView } from '../../../../shared/api/data-safety';
import { EraseLeadButton, ErasureDone } from '../data-safety/EraseLeadButton';
import { useApi } from '../../lib/use-api';
import { OverrideForm } from './OverrideForm';
import { QaForm } from './QaForm';
import { ScorePanel } from './ScorePanel';
import { SpokenTimesPanel } from './SpokenTimesPanel';
import { Transcript } from './Transcript';
import './review.css';

export function ReviewView({ leadId, callId }: { leadId?: string; callId?: string }): React.JSX.Element {
  if (!leadId) {
    return (
      <EmptyState title="Pick a lead to review">
        Open one from the queue (select it and press <kbd>Enter</kbd>), or search every transcript with <kbd>/</kbd>.
      </EmptyState>
    );
  }
  return <LeadReview leadId={leadId} callId={callId} />;
}

function LeadReview({ leadId, callId }: { leadId: string; callId?: string }): React.JSX.Element {
  const lead = useApi(() => api.getLead({ leadId }), [leadId], ['leads', 'scores', 'score_overrides']);
  const [erased, setErased] = useState<ErasureReportView | null>(null);
  const activeCall = callId ?? lead.data?.calls[0]?.call_id;
  const call = useApi(
    () => (activeCall ? api.getCall({ callId: activeCall }) : Promise.resolve(null)),
    [activeCall],
    ['scores', 'manual_reviews', 'score_overrides'],
  );
  const audio = useRef<HTMLAudioElement>(null);
  const [time, setTime] = useState(0);
  const seek = useCallback((t: number) => {
    const a = audio.current;
    if (!a) return;
    a.currentTime = t;
    setTime(t);
    void a.play().catch(() => undefined);
  }, []);

  // Once erased, the lead is gone: what the erasure did is all there is to show.
  if (erased) return <ErasureDone report={erased} />;
  if (lead.error) return <p className="error">{lead.error}</p>;
  if (!lead.data) return <p className="muted">Loading…</p>;
  const { lead: l, calls } = lead.data;
  const c = call.data;
  return (
    <div className="review" data-testid="review-view">
      <aside className="panel calls-list">
        <h2 data-testid="lead-name">{l.name ?? l.phone_number ?? l.lead_id}</h2>
        <p className="muted">
          {l.company} · {l.phone_number}
          <br />
          {l.campaign} · source {l.lead_source ?? '—'}
          <br />
          Lead score {l.lead_score === null ? '—' : Math.round(l.lead_score)} {l.band && <span className={`band ${l.band}`}>{l.band}</span>} ·{' '}
          {l.outcome ?? 'open'}
        </p>
        <EraseLeadButton leadId={leadId} name={l.name ?? l.phone_number ?? l.lead_id} onErased={setErased} />
        <h2>Calls ({calls.length})</h2>
        {calls.length === 0 && <p className="muted">No calls with this lead yet.</p>}
        {calls.map((k) => (
          <div
            key={k.call_id}
            className={`call${k.call_id === activeCall ? ' sel' : ''}`}
            data-testid="call-item"
            onClick={() => navigate({ view: 'review', leadId, callId: k.call_id })}
          >
            <div>{dateTime(k.call_start_time)}</div>
            <div className="muted">
              {k.agent ?? '—'} · {k.call_duration === null ? '—' : clock(k.call_duration)} · lead {k.lead_score ?? '—'} · QA {k.qa_score ?? '—'}
            </div>
          </div>
        ))}
      </aside>
      <section className="panel">
        {c && (
          <>
            <div className="player">
              {c.call.has_recording ? (
                <audio
                  ref={audio}
                  controls
                  preload="metadata"
                  src={audioSrc(c.call.call_id)}
                  data-testid="audio"
                  onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
                  onSeeked={(e) => setTime(e.currentTarget.currentTime)}
                />
              ) : (
                <p className="muted">No recording stored for this call.</p>
              )}
              <div className="row muted" style={{ fontSize: 12 }}>
                <mark className="intent">intent</mark> <mark className="compliance">compliance</mark> <mark className="kw">keyword</mark>
                <span>· click a line to play from it</span>
              </div>
            </div>
            <Transcript call={c} time={time} onSeek={seek} />
          </>
        )}
        {call.error && <p className="error">{call.error}</p>}
      </section>
      <aside style={{ display: 'grid', gap: 12, alignContent: 'start' }}>
        {c?.scores.length === 0 && <p className="muted panel">This call has no score yet.</p>}
        {c?.scores.map((s) => <ScorePanel key={s.kind} score={s} onSeek={seek} />)}
        {c && <SpokenTimesPanel times={c.spokenTimes} onSeek={seek} />}
        {c && <QaForm call={c} onSaved={call.reload} />}
        {c && <OverrideForm callId={c.call.call_id} onSaved={call.reload} />}
      </aside>
    </div>
  );
}
