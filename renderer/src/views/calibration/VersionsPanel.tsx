import { useState } from 'react';
import { rubricSchema, type Rubric } from '../../../../shared/scoring/rubric';
import { api } from '../../api/client';
import { dateTime, errorText } from '../../lib/format';
import { rubricDiff } from './rubric-diff';

interface Version {
  rubric_id: number;
  version: number;
  name: string;
  active: boolean;
  created_at: string;
  created_by: string | null;
}

/** Every saved version; pick one to see what changed between it and the active one. */
export function VersionsPanel({ versions, active }: { versions: Version[]; active: Rubric }): React.JSX.Element {
  const [diff, setDiff] = useState<{ version: number; lines: string[] } | null>(null);
  const show = (v: Version): void => {
    api
      .getRubricVersion({ rubricId: v.rubric_id })
      .then((r) => setDiff({ version: v.version, lines: rubricDiff(rubricSchema.parse(r.definition), active) }))
      .catch((e: unknown) => setDiff({ version: v.version, lines: [errorText(e)] }));
  };
  return (
    <section className="panel" data-testid="versions">
      <h2>Versions</h2>
      <table className="simple">
        <tbody>
          {versions.map((v) => (
            <tr key={v.rubric_id} data-testid="version-row">
              <td>v{v.version}</td>
              <td>{v.name}</td>
              <td>{v.active ? <strong>active</strong> : ''}</td>
              <td className="muted">{dateTime(v.created_at)} · {v.created_by ?? '—'}</td>
              <td>{!v.active && <button onClick={() => show(v)}>Diff to active</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {diff && (
        <div data-testid="rubric-diff">
          <strong>v{diff.version} → active</strong>
          <ul>
            {diff.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
