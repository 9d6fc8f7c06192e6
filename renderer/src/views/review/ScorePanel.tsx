import type { CallScoreDto } from '../../../../shared/api/review';
import { clock } from '../../lib/format';

/** One rubric's result: the AI score (kept visible even when overridden) and every criterion with its evidence. */
export function ScorePanel({ score, onSeek }: { score: CallScoreDto; onSeek(t: number): void }): React.JSX.Element {
  return (
    <section className="panel" data-testid={`score-${score.kind}`}>
      <h2>
        {score.kind === 'lead' ? 'Lead score' : 'QA score'} <span className="muted">· {score.rubric_name} v{score.rubric_version}</span>
      </h2>
      <div className="row">
        <span className="scorebig" data-testid={`ai-score-${score.kind}`}>
          {Math.round(score.score)}
        </span>
        <span className={`band ${score.band}`}>{score.band}</span>
        <span className="muted">AI</span>
        {score.override && (
          <span data-testid={`override-${score.kind}`}>
            → <strong>{Math.round(score.override.score)}</strong> by {score.override.by}
            {score.override.reason ? `: “${score.override.reason}”` : ''}
          </span>
        )}
      </div>
      {score.criteria.map((c) => (
        <div key={c.id} className={`crit ${c.outcome}`} data-testid="criterion" data-criterion={c.id}>
          <div className="head">
            <span>{c.description || c.id}</span>
            <span className="pts">
              {c.outcome === 'not_applicable' ? 'n/a' : `${c.points > 0 ? '+' : ''}${Math.round(c.points * 10) / 10} / ${c.maxPoints}`}
            </span>
          </div>
          {c.evidence.map((e, i) => (
            <div key={i} className="evidence muted">
              {e.kind === 'quote' ? (
                <>
                  <button data-testid="evidence-link" data-start={e.start} onClick={() => onSeek(e.start)} title="Play from here">
                    ▶ {clock(e.start)}
                  </button>{' '}
                  {e.speaker}: “{e.quote}”
                </>
              ) : e.kind === 'value' ? (
                `${e.feature} = ${typeof e.value === 'number' ? Math.round(e.value * 100) / 100 : String(e.value)} (${e.compared})`
              ) : (
                e.note
              )}
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}
