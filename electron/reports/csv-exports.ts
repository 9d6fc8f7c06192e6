import type { Db } from '../db/open';
import type { QueueView } from '../queue/queue-window';
import { toCsv } from './csv';
import { agentTable } from './report-data';

export type CsvReport = 'agents' | 'calls' | 'queue';

export function exportCsv(db: Db, queue: QueueView, report: CsvReport): { filename: string; csv: string } {
  const day = new Date().toISOString().slice(0, 10);
  const filename = `callrank-${report}-${day}.csv`;
  if (report === 'agents') {
    const rows = agentTable(db).map((a) => [a.agent, a.calls, a.talkRatio, a.sentiment, a.qa, a.conversion]);
    return { filename, csv: toCsv(['agent', 'calls', 'agent_talk_ratio', 'sentiment', 'qa_score', 'conversion_rate'], rows) };
  }
  if (report === 'calls') {
    const rows = db
      .prepare(
        `SELECT c.call_id, c.lead_id, NULLIF(TRIM(COALESCE(l.first_name,'') || ' ' || COALESCE(l.last_name,'')), '') AS name,
                c.agent, c.campaign, c.call_start_time, c.call_duration, ls.score AS lead_score, ls.band AS lead_band,
                ls.qualified AS qualified, qs.score AS qa_score
         FROM calls c LEFT JOIN leads l ON l.lead_id = c.lead_id
         LEFT JOIN scores ls ON ls.call_id = c.call_id AND ls.kind = 'lead' LEFT JOIN scores qs ON qs.call_id = c.call_id AND qs.kind = 'qa'
         ORDER BY c.call_start_time DESC`,
      )
      .all() as Record<string, string | number | null>[];
    const header = ['call_id', 'lead_id', 'name', 'agent', 'campaign', 'call_start_time', 'call_duration', 'lead_score', 'lead_band', 'qualified', 'qa_score'];
    return { filename, csv: toCsv(header, rows.map((r) => header.map((h) => r[h] ?? null))) };
  }
  const { rows } = queue.window({ sort: 'rank', desc: false, status: 'open', offset: 0, limit: Number.MAX_SAFE_INTEGER });
  const header = ['rank', 'lead_id', 'name', 'phone', 'score', 'band', 'probability', 'attempts', 'last_called_at', 'created_at', 'campaign', 'agent', 'rank_reason'];
  return {
    filename,
    csv: toCsv(
      header,
      rows.map((r) => [r.rank, r.lead_id, r.name, r.phone, r.score, r.band, r.probability, r.attempts, r.last_called_at, r.created_at, r.campaign, r.agent, r.rank_reason]),
    ),
  };
}
