import { useState } from 'react';
import type { ConnectorView } from '../../../../shared/api/connectors';
import { api } from '../../api/client';
import { dateTime, errorText } from '../../lib/format';
import { useApi } from '../../lib/use-api';

const SECRET_LABEL: Record<ConnectorView['credentials'][number]['name'], string> = {
  'twilio.account_sid': 'account SID',
  'twilio.auth_token': 'auth token',
  'openai.api_key': 'API key',
  'hubspot.token': 'token',
  'salesforce.token': 'token',
  'salesforce.instance_url': 'instance URL',
  'pipedrive.token': 'token',
};

const WHAT: Record<ConnectorView['actions'][number], string> = {
  sync: 'brings new calls and their recordings in',
  push: 'writes each lead’s score, band and top reason',
  pull: 'reads lead status and won/lost back',
};

function stateText(c: ConnectorView): string {
  if (c.paused) return 'paused';
  if (c.state === 'running') return 'running';
  if (c.busy) return 'starting';
  return c.state === 'error' ? 'last run failed' : 'idle';
}

/** The schedule field's text as minutes: empty is no schedule; anything else must be a whole number. */
function parseMinutes(text: string): number | null | string {
  const t = text.trim();
  if (!t) return null;
  if (!/^\d+$/.test(t)) return `"${t}" is not a whole number of minutes (leave it empty to run only on Sync now)`;
  return Number(t);
}

function ConnectorCard({ c, onSaved }: { c: ConnectorView; onSaved(): void }): React.JSX.Element {
  const [baseUrl, setBaseUrl] = useState(c.baseUrl ?? '');
  const [minutes, setMinutes] = useState(c.scheduleMinutes === null ? '' : String(c.scheduleMinutes));
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  const act = (p: Promise<ConnectorView>, done: (v: ConnectorView) => string): void => {
    p.then((v) => {
      setBaseUrl(v.baseUrl ?? '');
      setMinutes(v.scheduleMinutes === null ? '' : String(v.scheduleMinutes));
      setNote({ text: done(v), error: false });
      onSaved();
    }).catch((e: unknown) => setNote({ text: errorText(e), error: true }));
  };
  const save = (): void => {
    const m = parseMinutes(minutes);
    if (typeof m === 'string') return setNote({ text: m, error: true });
    const url = baseUrl.trim() || null;
    // An unchanged URL is not sent again: it was checked when it was saved (perhaps from the command line).
    const change = url === c.baseUrl ? { connector: c.connector, scheduleMinutes: m } : { connector: c.connector, scheduleMinutes: m, baseUrl: url };
    act(api.changeConnector(change), (v) =>
      v.scheduleMinutes === null ? `${v.label} saved: runs only on Sync now` : `${v.label} saved: runs every ${v.scheduleMinutes} min`,
    );
  };
  const missing = c.credentials.filter((k) => !k.set);
  return (
    <div className="panel" data-testid={`connector-${c.connector}`} style={{ display: 'grid', gap: 6 }}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h3 style={{ margin: 0 }}>{c.label}</h3>
        <strong data-testid="connector-state" className={c.state === 'error' && !c.busy ? 'error' : undefined}>
          {stateText(c)}
        </strong>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        Each run {c.actions.map((a) => WHAT[a]).join(', then ')}.
      </p>
      <p style={{ margin: 0 }} data-testid="connector-credentials">
        Credentials:{' '}
        {c.credentials.map((k, i) => (
          <span key={k.name}>
            {i > 0 && ', '}
            {SECRET_LABEL[k.name]} {k.set ? <strong>set</strong> : <span className="error">not set</span>}
          </span>
        ))}
        {missing.length > 0 && <span className="muted"> — enter them under API keys below.</span>}
      </p>
      <div className="row">
        <label>
          Base URL{' '}
          <input
            style={{ minWidth: 260 }}
            value={baseUrl}
            placeholder={c.defaultBaseUrl ?? 'the instance URL under API keys'}
            onChange={(e) => setBaseUrl(e.target.value)}
            aria-label={`${c.label} base URL`}
            data-testid="connector-base-url"
          />
        </label>
        <label>
          Every{' '}
          <input
            style={{ width: 70 }}
            inputMode="numeric"
            value={minutes}
            placeholder="—"
            onChange={(e) => setMinutes(e.target.value)}
            aria-label={`${c.label} schedule in minutes`}
            data-testid="connector-minutes"
          />{' '}
          min
        </label>
        <button onClick={save} data-testid="connector-save">
          Save
        </button>
        <button
          onClick={() => act(api.changeConnector({ connector: c.connector, paused: !c.paused }), (v) => `${v.label} ${v.paused ? 'paused' : 'resumed'}`)}
          data-testid="connector-pause"
        >
          {c.paused ? 'Resume' : 'Pause'}
        </button>
        <button
          className="primary"
          disabled={c.busy || c.paused}
          onClick={() => act(api.syncConnectorNow({ connector: c.connector }), (v) => `${v.label}: run started`)}
          data-testid="connector-sync-now"
        >
          Sync now
        </button>
      </div>
      <p style={{ margin: 0 }} data-testid="connector-runs">
        Last run:{' '}
        <span data-testid="connector-last-run">
          {c.lastStartedAt ? `${dateTime(c.lastStartedAt)}${c.lastFinishedAt && c.lastFinishedAt >= c.lastStartedAt ? `, finished ${dateTime(c.lastFinishedAt)}` : ''}` : 'never'}
        </span>
        {' · '}Next run:{' '}
        <span data-testid="connector-next-run">{c.paused ? 'paused' : c.nextRunAt ? dateTime(c.nextRunAt) : 'only on Sync now'}</span>
      </p>
      {c.counts.length > 0 && (
        <p style={{ margin: 0 }} data-testid="connector-counts">
          {c.counts.map((n) => `${n.label}: ${n.count}`).join(' · ')}
        </p>
      )}
      {c.lastError && (
        <p className="error" style={{ margin: 0 }} data-testid="connector-last-error">
          Last error: {c.lastError}
        </p>
      )}
      {c.itemErrors.length > 0 && (
        <details data-testid="connector-item-errors">
          <summary>{c.itemErrors.length} failed items</summary>
          <ul>
            {c.itemErrors.map((f) => (
              <li key={`${f.item}:${f.reason}`}>
                <code>{f.item}</code>: {f.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {note && (
        <p className={note.error ? 'error' : undefined} style={{ margin: 0 }} data-testid="connector-note">
          {note.text}
        </p>
      )}
    </div>
  );
}

/**
 * Twilio and the CRMs: base URL, schedule, pause, "Sync now", and what their runs did, kept
 * current by the core's "connectors" change events. Credentials are entered under API keys and
 * are never shown here, only whether each is set (`secretsKey` changes when one is saved).
 */
export function Connectors({ secretsKey }: { secretsKey: string }): React.JSX.Element {
  const loaded = useApi(() => api.listConnectors({}), [secretsKey], ['connectors']);
  const shown = loaded.data?.connectors.filter((c) => c.schedulable) ?? [];
  return (
    <section className="panel" data-testid="connectors">
      <h2>Connectors</h2>
      <p className="muted">
        Runs go on while the app is open (or <code>serve --watch</code> runs). A base URL other than the
        vendor’s own host must be listed in <code>CALLRANK_ALLOW_BASE_URLS</code>. CSV call logs sync from the
        command line (<code>sync csv</code>).
      </p>
      {loaded.error && <p className="error">{loaded.error}</p>}
      {shown.map((c) => (
        <ConnectorCard key={c.connector} c={c} onSaved={loaded.reload} />
      ))}
    </section>
  );
}
