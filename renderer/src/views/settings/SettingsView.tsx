import { applyTheme, usePref } from '../../lib/prefs';
import { useEffect } from 'react';
import { href } from '../../lib/router';

/**
 * Preferences of this device. Team-wide settings (recordings folder, API keys in Electron
 * safeStorage) need the desktop shell's settings API, which is not in the typed API yet.
 */
export function SettingsView(): React.JSX.Element {
  const [theme, setTheme] = usePref('theme', 'system');
  const [reviewer, setReviewer] = usePref('reviewer', 'supervisor');
  useEffect(() => applyTheme(theme), [theme]);
  return (
    <div style={{ display: 'grid', gap: 12, maxWidth: 720 }} data-testid="settings-view">
      <section className="panel">
        <h2>Appearance</h2>
        <div className="row">
          {(['light', 'dark', 'system'] as const).map((t) => (
            <label key={t}>
              <input type="radio" name="theme" checked={theme === t} onChange={() => setTheme(t)} data-testid={`theme-${t}`} /> {t}
            </label>
          ))}
        </div>
      </section>
      <section className="panel">
        <h2>Reviewer</h2>
        <label>
          Your name on manual QA reviews and overrides:{' '}
          <input value={reviewer} onChange={(e) => setReviewer(e.target.value || 'supervisor')} data-testid="reviewer-name" />
        </label>
      </section>
      <section className="panel">
        <h2>Scoring thresholds</h2>
        <p>
          Band thresholds and criterion weights are part of each rubric version: change them in <a href={href({ view: 'calibration' })}>Rubric &amp; calibration</a>,
          where you see their effect before saving.
        </p>
      </section>
      <section className="panel">
        <h2>Recordings folder and API keys</h2>
        <p className="muted">
          {window.callrank
            ? 'Set in the desktop app menu; API keys are kept with the operating system’s secure storage, never as plain text.'
            : 'In a browser, the folder is the one given to `serve --watch FOLDER`. API keys can only be entered in the desktop app, which keeps them in the operating system’s secure storage.'}
        </p>
      </section>
    </div>
  );
}
