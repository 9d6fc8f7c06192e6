import type { Settings, SettingsView } from '../../../../shared/api/settings';
import { href } from '../../lib/router';

interface Props {
  view: SettingsView;
  save(patch: Partial<Settings>, done: (saved: SettingsView) => string): void;
}

/**
 * The active lead rubric's bands, not a copy: a change saves the rubric's next version, so the
 * queue, scores and reports follow at once and the rubric history shows who changed what.
 */
export function LeadBands({ view, save }: Props): React.JSX.Element {
  const bands = view.settings.bandThresholds;
  const rubric = view.leadRubric;
  const change = (which: 'hot' | 'warm', raw: string): void => {
    const value = Number(raw);
    // Leaving a field untouched (or emptied) must not add a rubric version.
    if (raw.trim() === '' || !Number.isFinite(value) || value === bands[which]) return;
    save(
      { bandThresholds: { ...bands, [which]: value } },
      (saved) =>
        `Bands saved as ${saved.leadRubric.name} version ${saved.leadRubric.version}; every call re-scored`,
    );
  };
  return (
    // Keyed by version, so the fields show the bands of whichever version is active now.
    <div className="row" key={rubric.version} data-testid="lead-bands">
      {(['hot', 'warm'] as const).map((band) => (
        <label key={band}>
          {band === 'hot' ? 'Hot' : 'Warm'} from{' '}
          <input
            type="number"
            min={0}
            max={100}
            defaultValue={bands[band]}
            style={{ width: 70 }}
            onBlur={(e) => change(band, e.target.value)}
            data-testid={`settings-band-${band}`}
          />
        </label>
      ))}
      <span className="muted">
        lead bands of the active rubric ({rubric.name} v{rubric.version}); a change saves a new version and
        re-scores every call (history in <a href={href({ view: 'calibration' })}>Rubric &amp; calibration</a>)
      </span>
    </div>
  );
}
