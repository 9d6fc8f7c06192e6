import type { Api } from '../../shared/api/contract';
import { MAX_REVIEW_SET_BYTES } from '../../shared/api/review-sets';
import type { CoreContext } from '../core/context';
import { ApiError } from '../core/dispatch';
import { ReviewSetExportError } from './export-review-set';
import { ReviewSetFileError } from './review-set-file';
import { exportReviewSetBytes, mergeReviewSetBytes, ReviewSetTooLargeError } from './review-set-transfer';

type ReviewSetApi = Pick<Api, 'exportReviewSet' | 'mergeReviewSet'>;

export function reviewSetHandlers(ctx: CoreContext): ReviewSetApi {
  return {
    async exportReviewSet({ callIds }) {
      let r;
      try {
        r = exportReviewSetBytes(ctx.db, callIds, MAX_REVIEW_SET_BYTES);
      } catch (err) {
        if (err instanceof ReviewSetTooLargeError) throw new ApiError(413, err.message);
        if (err instanceof ReviewSetExportError) throw new ApiError(400, err.message);
        throw err;
      }
      const day = new Date().toISOString().slice(0, 10);
      return {
        fileName: `callrank-review-set-${day}-${r.calls}-calls.crset`,
        base64: r.bytes.toString('base64'),
        calls: r.calls,
        audio: r.audio,
        missingAudio: r.missingAudio,
        audioNotPacked: r.audioNotPacked,
      };
    },
    async mergeReviewSet({ fileName, base64 }) {
      let report;
      try {
        report = mergeReviewSetBytes(ctx.db, Buffer.from(base64, 'base64'));
      } catch (err) {
        if (err instanceof ReviewSetFileError) throw new ApiError(422, `${fileName}: ${err.message}`);
        throw err;
      }
      if (report.added + report.updated > 0) ctx.events.emit('event', { type: 'data-changed', tables: ['manual_reviews'] });
      return report;
    },
  };
}
