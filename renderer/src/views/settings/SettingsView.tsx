import { useEffect, useState } from 'react';
import type { SettingsView as SettingsData } from '../../../../shared/api/settings';
import { api } from '../../api/client';
import { RescoreProgress } from '../../components/RescoreProgress';
import { applyTheme, usePref } from '../../lib/prefs';
import { useApi } from '../../lib/use-api';
import { ApiKeys } from './ApiKeys';
import { Connectors } from './Connectors';
import { TeamSettings } from './TeamSettings';
import { DataSafetyPanel } from '../data-safety/DataSafetyPanel';
import { RedactionSettings } from './RedactionSettings';

/**
 * Preferences of this device (theme, reviewer name) and the installation's settings through the
 * typed API: recordings folder, scoring defaults, engine, region, OpenAI switch, redaction, write-only keys.
 */
export function SettingsView(): React.JSX.Element {
  const [theme, setTheme] = usePref('theme', 'system');
  const [reviewer, setReviewer] = usePref('reviewer', 'supervisor');
  useEffect(() => applyTheme(theme), [theme]);
  const loaded = useApi(() => api.getSettings({}), []);
  const [saved, setSaved] = useState<SettingsData | null>(null);
  const view = saved ?? loaded.data;
  return (
    <div style={{ display: 'grid', gap: 12, maxWidth: 720 }} data-testid="settings-view">
      {/* New lead bands re-score every call in the background. */}
      <RescoreProgress hideDone />
      <section className="panel">
        <h2>Appearance</h2>
        <div className="row">
          {(['light', 'dark', 'system'] as const).map((t) => (
            <label key={t}>
              <input
                type="radio"
                name="theme"
                checked={theme === t}
                onChange={() => setTheme(t)}
                data-testid={`theme-${t}`}
              />{' '}
              {t}
            </label>
          ))}
        </div>
      </section>
      <section className="panel">
        <h2>Reviewer</h2>
        <label>
          Your name on manual QA reviews and overrides:{' '}
          <input
            value={reviewer}
            onChange={(e) => setReviewer(e.target.value || 'supervisor')}
            data-testid="reviewer-name"
          />
        </label>
      </section>
      {loaded.error && <p className="error">{loaded.error}</p>}
      {view && <TeamSettings view={view} onSaved={setSaved} />}
      {view && <Connectors secretsKey={view.secrets.map((k) => `${k.name}=${k.set}`).join(',')} />}
      <RedactionSettings />
      {view && (
        <ApiKeys
          view={view}
          onChanged={() => {
            setSaved(null);
            loaded.reload();
          }}
        />
      )}
      <DataSafetyPanel />
    </div>
  );
}
