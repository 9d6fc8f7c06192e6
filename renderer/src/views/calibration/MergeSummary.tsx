import type { MergeReportDto } from '../../../../shared/api/review-sets';
import { dateTime } from '../../lib/format';

/** What a merge did, and for every review it did not simply take, why: nobody's edit vanishes unseen. */
export function MergeSummary({ file, report }: { file: string; report: MergeReportDto }): React.JSX.Element {
  return (
    <div data-testid="review-set-report">
      <p>
        Merged <strong>{file}</strong> (exported {dateTime(report.exportedAt)}, {report.calls.length} calls):{' '}
        <span data-testid="merge-counts">
          {report.added} added · {report.updated} updated · {report.unchanged} unchanged · {report.conflicts.length} conflicts ·{' '}
          {report.skipped.length} skipped
        </span>
      </p>
      {report.conflicts.length > 0 && (
        <ul data-testid="merge-conflicts">
          {report.conflicts.map((c) => (
            <li key={c.reviewUuid}>
              Call {c.callId}: edited here by {c.hereReviewer} ({dateTime(c.hereUpdatedAt)}) and in the set by{' '}
              {c.setReviewer} ({dateTime(c.setUpdatedAt)}); kept the later edit, {c.kept === 'set' ? "the set's" : 'the one here'}.
            </li>
          ))}
        </ul>
      )}
      {report.skipped.length > 0 && (
        <ul data-testid="merge-skipped">
          {report.skipped.map((s) => (
            <li key={s.reviewUuid}>
              Skipped the review of {s.callId}: {s.reason}.
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
