import { useEffect, useState } from 'react';
import type { DataSafetySettingsView, DataSafetyView } from '../../../../shared/api/data-safety';
import { api } from '../../api/client';
import { count, dateTime, errorText } from '../../lib/format';
import { useApi } from '../../lib/use-api';

type Draft = Record<'backupEveryHours' | 'backupKeep' | 'audioDays' | 'transcriptDays', string> & { backupFolder: string };

const toDraft = (s: DataSafetySettingsView): Draft => ({
  backupFolder: s.backupFolder ?? '',
  backupEveryHours: s.backupEveryHours?.toString() ?? '',
  backupKeep: s.backupKeep.toString(),
  audioDays: s.audioDays?.toString() ?? '',
  transcriptDays: s.transcriptDays?.toString() ?? '',
});

/** An empty box turns a rule off; anything else must be a whole number. */
const wholeOrNull = (v: string): number | null => (v.trim() === '' ? null : Number(v));

const size = (bytes: number): string => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${count(Math.ceil(bytes / 1024))} KB`);

/** Backups (schedule, keep the last N, the list with size and time) and retention rules, each run as a job. */
export function DataSafetyPanel(): React.JSX.Element {
  const loaded = useApi(() => api.getDataSafety({}), [], ['maintenance']);
  const [view, setView] = useState<DataSafetyView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = view ?? loaded.data;
  useEffect(() => {
    const fresh = loaded.data;
    if (fresh) {
      setView(null);
      setDraft((d) => d ?? toDraft(fresh.settings));
    }
  }, [loaded.data]);
  if (loaded.error) return <p className="error">{loaded.error}</p>;
  if (!shown || !draft) return <p className="muted">Loading backups…</p>;
  const act = (p: Promise<DataSafetyView>, done: string): void => {
    setBusy(true);
    p.then((v) => {
      setView(v);
      setDraft(toDraft(v.settings));
      setNote(done);
    })
      .catch((e: unknown) => setNote(errorText(e)))
      .finally(() => setBusy(false));
  };
  const save = (): void =>
    act(
      api.updateDataSafety({
        backupFolder: draft.backupFolder.trim() || null,
        backupEveryHours: wholeOrNull(draft.backupEveryHours),
        backupKeep: Number(draft.backupKeep),
        audioDays: wholeOrNull(draft.audioDays),
        transcriptDays: wholeOrNull(draft.transcriptDays),
      }),
      'Saved',
    );
  const field = (key: keyof Draft, label: string, hint: string): React.JSX.Element => (
    <label>
      {label}{' '}
      <input value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} placeholder={hint} data-testid={`ds-${key}`} size={key === 'backupFolder' ? 40 : 6} />
    </label>
  );
  const lastRetention = shown.jobs.find((j) => j.kind === 'retention');
  return (
    <section className="panel" data-testid="data-safety">
      <h2>Backups and retention</h2>
      <div style={{ display: 'grid', gap: 6 }}>
        {field('backupFolder', 'Backup folder', shown.backupFolder)}
        {field('backupEveryHours', 'Back up every (hours)', 'off')}
        {field('backupKeep', 'Keep the last', '7')}
        {field('audioDays', 'Delete audio after (days)', 'keep')}
        {field('transcriptDays', 'Delete transcripts after (days)', 'keep')}
        <p className="muted">Scores, outcomes and reviews are always kept. Empty boxes turn a rule off.</p>
      </div>
      <div className="row">
        <button onClick={save} disabled={busy} data-testid="ds-save">
          Save
        </button>
        <button onClick={() => act(api.runMaintenance({ kind: 'backup' }), 'Backed up')} disabled={busy} data-testid="ds-backup-now">
          Back up now
        </button>
        <button onClick={() => act(api.runMaintenance({ kind: 'retention' }), 'Retention applied')} disabled={busy} data-testid="ds-retention-now">
          Apply retention now
        </button>
      </div>
      {note && <p data-testid="ds-note">{note}</p>}
      <h3>Backups in {shown.backupFolder}</h3>
      {shown.backups.length === 0 ? (
        <p className="muted">No backups yet.</p>
      ) : (
        <table className="simple" data-testid="ds-backups">
          <tbody>
            {shown.backups.map((b) => (
              <tr key={b.path}>
                <td>{b.name}</td>
                <td>{size(b.bytes)}</td>
                <td>{dateTime(b.at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {lastRetention && (
        <p className="muted" data-testid="ds-last-retention">
          Last retention pass: {lastRetention.state}
          {lastRetention.finishedAt ? ` ${dateTime(lastRetention.finishedAt)}` : ''}
          {lastRetention.error ? ` (${lastRetention.error})` : ''}
          {lastRetention.result
            ? `: ${String(lastRetention.result.audioDeleted ?? 0)} recordings and ${String(lastRetention.result.transcriptsDeleted ?? 0)} transcripts deleted`
            : ''}
        </p>
      )}
      {shown.jobs
        .filter((j) => j.state === 'failed')
        .slice(0, 3)
        .map((j) => (
          <p key={j.jobId} className="error">
            {j.kind} #{j.jobId} failed: {j.error}
          </p>
        ))}
    </section>
  );
}
