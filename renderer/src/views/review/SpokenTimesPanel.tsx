import type { SpokenTimeDto } from '../../../../shared/api/review';
import { clock } from '../../lib/format';
import { spokenWindowText } from '../../lib/spoken-window';

const KIND_LABEL: Record<SpokenTimeDto['kind'], string> = {
  callback: 'Callback asked for',
  appointment: 'Appointment booked',
  mentioned: 'Time mentioned',
};

/** The times said on the call, each as the window it was read as, with the words; a click plays them. */
export function SpokenTimesPanel({ times, onSeek }: { times: SpokenTimeDto[]; onSeek(s: number): void }): React.JSX.Element | null {
  if (times.length === 0) return null;
  return (
    <section className="panel" data-testid="spoken-times">
      <h2>Times said</h2>
      <ul>
        {times.map((t, i) => (
          <li key={i} data-testid="spoken-time">
            <strong>{KIND_LABEL[t.kind]}</strong>: {spokenWindowText(t)}
            <br />
            <a href="#" onClick={(e) => (e.preventDefault(), onSeek(t.said_at))} title="Play from here">
              {clock(t.said_at)}
            </a>{' '}
            <span className="muted">
              {t.speaker}: “{t.quote}”
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
