import type { Api } from '../../shared/api/contract';
import type { CoreContext } from '../core/context';
import { QueueView } from '../queue/queue-window';
import { exportCsv } from './csv-exports';
import { buildReports } from './report-data';
import { topicsReport } from './topics/call-topics';
import { searchTranscripts } from '../review/transcript-search';

type ReportApi = Pick<Api, 'getReports' | 'getTopics' | 'exportCsv' | 'searchTranscripts'>;

export function reportHandlers(ctx: CoreContext): ReportApi {
  const queue = new QueueView(ctx.db);
  return {
    async getReports() {
      return buildReports(ctx.db);
    },
    async getTopics({ days }) {
      return topicsReport(ctx.db, days ?? 7);
    },
    async exportCsv({ report }) {
      return exportCsv(ctx.db, queue, report);
    },
    async searchTranscripts({ query, limit }) {
      return { hits: searchTranscripts(ctx.db, query, limit ?? 50) };
    },
  };
}
