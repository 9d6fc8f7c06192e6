import { useState } from 'react';
import type { Settings, SettingsView } from '../../../../shared/api/settings';
import { api } from '../../api/client';
import { errorText } from '../../lib/format';
import { href } from '../../lib/router';
import { LeadBands } from './LeadBands';

interface Props {
  view: SettingsView;
  onSaved(view: SettingsView): void;
}

/** The installation's settings: the watched folder, lead bands, engine, region and OpenAI switch. */
export function TeamSettings({ view, onSaved }: Props): React.JSX.Element {
  const s = view.settings;
  const [folder, setFolder] = useState(s.recordingsFolder ?? '');
  const [note, setNote] = useState<string | null>(null);
  const save = (patch: Partial<Settings>, done: string | ((saved: SettingsView) => string)): void => {
    api
      .updateSettings(patch)
      .then((v) => {
        onSaved(v);
        setNote(typeof done === 'string' ? done : done(v));
      })
      .catch((e: unknown) => setNote(errorText(e)));
  };
  const watching = view.watching.folder;
  return (
    <>
      <section className="panel" data-testid="recordings-settings">
        <h2>Recordings folder</h2>
        <p className="muted">
          New recordings dropped here become calls and jobs at once: transcribe → analyse → score.
        </p>
        <div className="row">
          <input
            style={{ flex: 1, minWidth: 320 }}
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            placeholder="/path/to/recordings"
            aria-label="Recordings folder"
            data-testid="recordings-folder"
          />
          <button
            className="primary"
            disabled={!folder.trim()}
            onClick={() => save({ recordingsFolder: folder.trim() }, `Watching ${folder.trim()}`)}
            data-testid="recordings-save"
          >
            Watch this folder
          </button>
          <button disabled={!watching} onClick={() => save({ recordingsFolder: null }, 'Stopped watching')}>
            Stop watching
          </button>
        </div>
        <p data-testid="watch-status">
          {watching ? (
            <>
              Watching <code>{watching}</code> — see new calls arrive in{' '}
              <a href={href({ view: 'jobs' })}>Jobs</a>.
            </>
          ) : (
            'Not watching a folder.'
          )}
          {view.watching.error && <span className="error"> {view.watching.error}</span>}
        </p>
        {view.watching.skipped.length > 0 && (
          <details data-testid="watch-skipped">
            <summary>
              {view.watching.skipped.length} {view.watching.skipped.length === 1 ? 'entry' : 'entries'} in the
              folder not read
            </summary>
            <ul>
              {view.watching.skipped.map((s) => (
                <li key={s.path}>
                  <code>{s.path}</code>: {s.reason}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
      <section className="panel">
        <h2>Scoring and transcription</h2>
        <LeadBands view={view} save={save} />
        <div className="row">
          <label>
            Speech engine{' '}
            <select
              value={s.engine}
              onChange={(e) => save({ engine: e.target.value as Settings['engine'] }, 'Engine saved')}
              data-testid="engine"
            >
              <option value="embedded">Embedded (offline, fast; 8 kHz phone recordings get the call-centre vocabulary)</option>
              <option value="embedded-call-centre">Embedded, call-centre vocabulary for every recording (offline; hears sales phrases better, general speech worse)</option>
              <option value="local-neural">Local neural model (offline, accurate)</option>
              <option value="openai">OpenAI Whisper (needs the OpenAI switch and key)</option>
            </select>
          </label>
          <label>
            Default phone region{' '}
            <input
              defaultValue={s.defaultPhoneRegion}
              maxLength={2}
              style={{ width: 50 }}
              onBlur={(e) => save({ defaultPhoneRegion: e.target.value.toUpperCase() }, 'Region saved')}
              aria-label="Default phone region"
            />
          </label>
          <label>
            <input
              type="checkbox"
              checked={s.openaiEnabled}
              onChange={(e) =>
                save({ openaiEnabled: e.target.checked }, e.target.checked ? 'OpenAI on' : 'OpenAI off')
              }
              data-testid="openai-enabled"
            />{' '}
            Use OpenAI (off by default; nothing leaves this machine while off)
          </label>
        </div>
      </section>
      {note && <p data-testid="settings-note">{note}</p>}
    </>
  );
}
