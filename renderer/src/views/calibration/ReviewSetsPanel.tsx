import { useRef, useState } from 'react';
import type { Calibration } from '../../../../shared/api/calibration';
import { MAX_REVIEW_SET_BYTES, type MergeReportDto } from '../../../../shared/api/review-sets';
import { api } from '../../api/client';
import { base64ToBlob, fileToBase64 } from '../../lib/base64';
import { downloadBlob } from '../../lib/download';
import { errorText } from '../../lib/format';
import { MergeSummary } from './MergeSummary';

type ToReview = Calibration['toReview'];

/**
 * Offline review on the floor: the calls the calibration picks to review next go out as one file
 * (audio, transcripts, scores, rubric), reviewed where there is no connection, and come back here.
 */
export function ReviewSetsPanel({ toReview }: { toReview: ToReview }): React.JSX.Element {
  // Unticked rather than ticked: a refreshed list (after a merge, a what-if) starts all ticked.
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const [exportStatus, setExportStatus] = useState<string | null>(null);
  const chosen = toReview.filter((t) => !unticked.has(t.call_id)).map((t) => t.call_id);
  const toggle = (id: string): void =>
    setUnticked((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const exportSet = (): void => {
    setExportStatus(`Exporting ${chosen.length} calls…`);
    api
      .exportReviewSet({ callIds: chosen })
      .then((r) => {
        downloadBlob(r.fileName, base64ToBlob(r.base64));
        const noAudio = r.audioNotPacked.length
          ? ` (no recording for ${r.audioNotPacked.map((m) => `${m.callId}: ${m.reason}`).join('; ')})`
          : '';
        setExportStatus(`Downloaded ${r.fileName}: ${r.calls} calls, ${r.audio} recordings${noAudio}.`);
      })
      .catch((e: unknown) => setExportStatus(errorText(e)));
  };

  return (
    <section className="panel" data-testid="review-sets">
      <h2>Offline review sets</h2>
      <div className="grid2">
        <div>
          <h3 style={{ fontSize: 13, margin: '0 0 6px' }}>Take calls to the floor</h3>
          {toReview.length === 0 ? (
            <p className="muted" data-testid="review-set-empty">
              No unreviewed calls to take along: every call has a manual review. Calls appear here as they are scored.
            </p>
          ) : (
            <>
              <p className="muted">The calls to review next, as one file with their audio, transcripts, scores and the rubric.</p>
              <div className="row" style={{ gap: 4 }}>
                {toReview.map((t) => (
                  <label key={t.call_id} style={{ marginRight: 8 }}>
                    <input type="checkbox" checked={!unticked.has(t.call_id)} onChange={() => toggle(t.call_id)} data-testid="review-set-call" value={t.call_id} />{' '}
                    <span className={`band ${t.band}`}>{t.band}</span> {t.call_id}
                  </label>
                ))}
              </div>
              <div className="row" style={{ marginTop: 8 }}>
                <button className="primary" onClick={exportSet} disabled={chosen.length === 0} data-testid="review-set-export">
                  Export review set ({chosen.length} calls)
                </button>
                {exportStatus && <span data-testid="review-set-export-status">{exportStatus}</span>}
              </div>
            </>
          )}
        </div>
        <MergePicker />
      </div>
    </section>
  );
}

function MergePicker(): React.JSX.Element {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{ file: string; report: MergeReportDto } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const merge = async (file: File): Promise<void> => {
    setError(null);
    setReport(null);
    if (file.size > MAX_REVIEW_SET_BYTES) {
      setError(`${file.name} is ${Math.ceil(file.size / 2 ** 20)} MB, over the ${MAX_REVIEW_SET_BYTES / 2 ** 20} MB the app takes: merge it with \`review-set merge\` on the command line.`);
      return;
    }
    setBusy(true);
    try {
      setReport({ file: file.name, report: await api.mergeReviewSet({ fileName: file.name, base64: await fileToBase64(file) }) });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
      // The same file may be chosen again (a second merge must be a no-op, and says so).
      if (input.current) input.current.value = '';
    }
  };
  return (
    <div>
      <h3 style={{ fontSize: 13, margin: '0 0 6px' }}>Bring reviews back</h3>
      <label className="row">
        <span>Merge a reviewed set:</span>
        <input
          ref={input}
          type="file"
          accept=".crset"
          disabled={busy}
          data-testid="review-set-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void merge(file);
          }}
        />
      </label>
      {busy && <p className="muted">Checking and merging…</p>}
      {error && (
        <p className="error" role="alert" data-testid="review-set-error">
          Nothing was merged: {error}
        </p>
      )}
      {report && <MergeSummary file={report.file} report={report.report} />}
      {!report && !error && !busy && (
        <p className="muted" data-testid="review-set-merge-empty">
          No set merged yet. Open an exported set on a laptop with <code>review-set open FILE</code>, review the calls there, then
          choose the file here: its manual QA reviews are added to this database, never twice.
        </p>
      )}
    </div>
  );
}
