import type { Db } from '../../db/open';
import type { TopicsReport } from '../../../shared/api/reports';
import { findTopics, type TopicCall } from './topic-clusters';
import { turnTerms } from './topic-terms';

const DAY = 86_400_000;
/** The period is compared with this many days before it, to tell a new topic from a usual one. */
export const BASELINE_DAYS = 56;

interface Row {
  call_id: string;
  lead_id: string | null;
  campaign: string | null;
  at: string;
  updated_at: string;
  turns: string | null;
}

/**
 * Tagging the turns is nine tenths of a report's time (bench: 10,000 calls in about 3 s), and a
 * call's turns change only when it is analysed again (updated_at moves): so the terms are kept per
 * database, for the calls the last report read, and the next report tags only what is new.
 */
const termCache = new WeakMap<Db, Map<string, { updatedAt: string; turns: TopicCall['turns'] }>>();

interface StoredTurn {
  speaker?: unknown;
  start?: unknown;
  text?: unknown;
}

/** The customer's turns of an analysed call (features.turns), as the clustering reads them. */
function customerTurns(json: string | null): TopicCall['turns'] {
  const parsed: unknown = json === null ? [] : JSON.parse(json);
  if (!Array.isArray(parsed)) return [];
  return (parsed as StoredTurn[])
    .filter((t) => t.speaker === 'customer' && typeof t.text === 'string')
    .map((t) => ({ start: typeof t.start === 'number' ? t.start : 0, text: t.text as string, terms: turnTerms(t.text as string) }));
}

/**
 * What customers talked about most in the last `days` days, over all calls and per campaign,
 * each topic against the same campaign's previous eight weeks. Only analysed calls, and only what
 * the customer said (a mono recording's unlabelled turns mix in the agent's script, so they are left out).
 */
export function topicsReport(db: Db, days: number, asOf: Date = new Date()): TopicsReport {
  const to = asOf.getTime();
  const from = to - days * DAY;
  const baselineFrom = from - BASELINE_DAYS * DAY;
  const iso = (ms: number): string => new Date(ms).toISOString();
  const rows = db
    .prepare(
      `SELECT c.call_id, c.lead_id, COALESCE(c.campaign, l.campaign) AS campaign,
              COALESCE(c.call_start_time, c.created_at) AS at, c.updated_at, json_extract(c.features, '$.turns') AS turns
       FROM calls c LEFT JOIN leads l ON l.lead_id = c.lead_id
       WHERE c.features IS NOT NULL AND json_valid(c.features)
         AND julianday(COALESCE(c.call_start_time, c.created_at)) >= julianday(?)
         AND julianday(COALESCE(c.call_start_time, c.created_at)) < julianday(?)`,
    )
    .all(iso(baselineFrom), iso(to)) as Row[];
  const cached = termCache.get(db) ?? new Map<string, { updatedAt: string; turns: TopicCall['turns'] }>();
  const kept = new Map<string, { updatedAt: string; turns: TopicCall['turns'] }>();
  const calls: Array<TopicCall & { campaign: string | null }> = rows.map((r) => {
    const hit = cached.get(r.call_id);
    const turns = hit && hit.updatedAt === r.updated_at ? hit.turns : customerTurns(r.turns);
    kept.set(r.call_id, { updatedAt: r.updated_at, turns });
    return { callId: r.call_id, leadId: r.lead_id, campaign: r.campaign, inPeriod: Date.parse(r.at) >= from, turns };
  });
  termCache.set(db, kept);
  const campaigns = [...new Set(calls.filter((c) => c.inPeriod).map((c) => c.campaign))]
    .filter((c): c is string => c !== null)
    .sort((a, b) => a.localeCompare(b));
  const group = (campaign: string | null, of: readonly TopicCall[]): TopicsReport['groups'][number] => ({
    campaign,
    calls: of.filter((c) => c.inPeriod).length,
    baselineCalls: of.filter((c) => !c.inPeriod).length,
    topics: findTopics(of).map((t) => ({
      terms: t.terms,
      calls: t.calls,
      share: t.share,
      baselineShare: t.baselineShare,
      isNew: t.isNew,
      quotes: t.quotes.map((q) => ({ call_id: q.callId, lead_id: q.leadId, start: q.start, quote: q.quote })),
    })),
  });
  return {
    from: iso(from),
    to: iso(to),
    baselineFrom: iso(baselineFrom),
    groups: [group(null, calls), ...campaigns.map((name) => group(name, calls.filter((c) => c.campaign === name)))],
  };
}
