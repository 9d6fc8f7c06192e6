import { useState } from 'react';
import type { SettingsView } from '../../../../shared/api/settings';
import { api } from '../../api/client';
import { errorText } from '../../lib/format';

type SecretName = SettingsView['secrets'][number]['name'];

const LABEL: Record<SecretName, string> = {
  'twilio.account_sid': 'Twilio account SID',
  'twilio.auth_token': 'Twilio auth token',
  'openai.api_key': 'OpenAI API key',
  'hubspot.token': 'HubSpot token',
  'salesforce.token': 'Salesforce token',
  'salesforce.instance_url': 'Salesforce instance URL',
  'pipedrive.token': 'Pipedrive token',
};

/** Keys are write-only: this page can set or clear one and see whether it is set, never read it back. */
export function ApiKeys({ view, onChanged }: { view: SettingsView; onChanged(): void }): React.JSX.Element {
  const [drafts, setDrafts] = useState<Partial<Record<SecretName, string>>>({});
  const [note, setNote] = useState<string | null>(null);
  const run = (p: Promise<{ ok: boolean }>, done: string, name: SecretName): void => {
    p.then(() => {
      setDrafts((d) => ({ ...d, [name]: '' }));
      setNote(done);
      onChanged();
    }).catch((e: unknown) => setNote(errorText(e)));
  };
  return (
    <section className="panel" data-testid="api-keys">
      <h2>API keys</h2>
      <p className="muted">
        Kept in: {view.secretStorage}. Never stored as plain text and never shown again once saved.
      </p>
      <table className="simple">
        <tbody>
          {view.secrets.map(({ name, set }) => (
            <tr key={name} data-testid={`secret-${name}`}>
              <td>{LABEL[name]}</td>
              <td data-testid="secret-state">{set ? <strong>set</strong> : <span className="muted">not set</span>}</td>
              <td>
                <input
                  type="password"
                  autoComplete="off"
                  value={drafts[name] ?? ''}
                  placeholder={set ? 'replace…' : 'paste to set'}
                  onChange={(e) => setDrafts((d) => ({ ...d, [name]: e.target.value }))}
                  aria-label={LABEL[name]}
                />
              </td>
              <td className="row">
                <button
                  disabled={!drafts[name]}
                  onClick={() =>
                    run(api.setSecret({ name, value: drafts[name] ?? '' }), `${LABEL[name]} saved`, name)
                  }
                >
                  Save
                </button>
                <button
                  disabled={!set}
                  onClick={() => run(api.clearSecret({ name }), `${LABEL[name]} cleared`, name)}
                >
                  Clear
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {note && <p data-testid="secret-note">{note}</p>}
    </section>
  );
}
