import type { Api } from '../../../shared/api/contract';
import type { CoreContext } from '../context';
import { QueueView } from '../queue-view/queue-window';
import { exportCsv } from '../reports/csv-exports';
import { buildReports } from '../reports/report-data';
import { searchTranscripts } from '../search/transcript-search';

type ReportApi = Pick<Api, 'getReports' | 'exportCsv' | 'searchTranscripts'>;

export function reportHandlers(ctx: CoreContext): ReportApi {
  const queue = new QueueView(ctx.db);
  return {
    async getReports() {
      return buildReports(ctx.db);
    },
    async exportCsv({ report }) {
      return exportCsv(ctx.db, queue, report);
    },
    async searchTranscripts({ query, limit }) {
      return { hits: searchTranscripts(ctx.db, query, limit ?? 50) };
    },
  };
}
