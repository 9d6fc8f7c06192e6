import type { Api } from '../../shared/api/contract';
import type { CoreContext } from '../core/context';
import { QueueView } from '../queue/queue-window';
import { exportCsv } from './csv-exports';
import { buildReports } from './report-data';
import { searchTranscripts } from '../review/transcript-search';

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
