import type Database from 'better-sqlite3';
import { stmt } from '../db/statements';
import type { CallFeatures } from '../../shared/scoring/call-features';
import { channelMapSchema, transcriptSchema, type ChannelMap, type Transcript } from '../../shared/transcript';
import { analyseCall } from './analyse-call';
import type { CompiledTracker } from '../trackers/match-trackers';
import { storeSpokenTimes } from './store-spoken-times';

interface CallRow {
  call_id: string;
  lead_id: string | null;
  direction: string | null;
  from_number: string | null;
  to_number: string | null;
  agent: string | null;
  campaign: string | null;
  call_start_time: string | null;
  call_duration: number | null;
  transcript: string | null;
  channels: number | null;
  channel_map: string | null;
  created_at: string;
}

interface LeadRow {
  lead_source: string | null;
  campaign: string | null;
  crm_lead_status: string | null;
  company: string | null;
  attributes: string;
}

function parseTranscript(callId: string, json: string | null): Transcript | null {
  if (json === null) return null;
  const parsed = transcriptSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`call ${callId}: stored transcript is not valid: ${parsed.error.message}`);
  return parsed.data;
}

function parseChannelMap(json: string | null): ChannelMap | null {
  if (json === null) return null;
  const parsed = channelMapSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

function parseAttributes(json: string): Record<string, unknown> {
  const v: unknown = JSON.parse(json);
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Lead-level sentiment and keywords are rebuilt from all the lead's calls, so re-running changes nothing. */
function refreshLeadInsights(db: Database.Database, leadId: string, now: string): void {
  const rows = stmt(db, 'SELECT sentiment_score, keywords FROM calls WHERE lead_id = ? AND features IS NOT NULL').all(leadId) as Array<{ sentiment_score: number | null; keywords: string | null }>;
  const sentiments = rows.map((r) => r.sentiment_score).filter((s): s is number => s !== null);
  const counts = new Map<string, number>();
  for (const r of rows) for (const k of JSON.parse(r.keywords ?? '[]') as string[]) counts.set(k, (counts.get(k) ?? 0) + 1);
  const keywords = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([k]) => k);
  const sentiment = sentiments.length ? sentiments.reduce((a, b) => a + b, 0) / sentiments.length : null;
  stmt(db, 'UPDATE leads SET ai_sentiment = ?, ai_keywords = ?, updated_at = ? WHERE lead_id = ?').run(
    sentiment,
    JSON.stringify(keywords),
    now,
    leadId,
  );
}

/**
 * Reads the call's transcript, metadata and lead context, computes its features and stores them
 * with the call's sentiment and keywords and the lead's rolled-up insights. Safe to repeat.
 */
export function analyseAndStoreCall(db: Database.Database, callId: string, trackers?: readonly CompiledTracker[]): CallFeatures {
  const call = stmt(db, 'SELECT * FROM calls WHERE call_id = ?').get(callId) as CallRow | undefined;
  if (!call) throw new Error(`call ${callId} not found`);
  const lead = call.lead_id
    ? (stmt(db, 'SELECT lead_source, campaign, crm_lead_status, company, attributes FROM leads WHERE lead_id = ?').get(call.lead_id) as
        | LeadRow
        | undefined)
    : undefined;
  // Calls before this one: by start time when both have one, else by when we stored them.
  const prior = call.lead_id
    ? (
        stmt(
          db,
          `SELECT COUNT(*) AS n FROM calls WHERE lead_id = ? AND call_id <> ?
           AND COALESCE(call_start_time, created_at) < COALESCE(?, ?)`,
        ).get(call.lead_id, callId, call.call_start_time, call.created_at) as { n: number }
      ).n
    : 0;
  const attributes: Record<string, unknown> = lead ? parseAttributes(lead.attributes) : {};
  if (lead?.crm_lead_status != null) attributes.crm_lead_status ??= lead.crm_lead_status;
  if (lead?.company != null) attributes.company ??= lead.company;

  const features = analyseCall({
    transcript: parseTranscript(callId, call.transcript),
    call: {
      durationS: call.call_duration,
      startedAt: call.call_start_time,
      direction: call.direction,
      fromNumber: call.from_number,
      toNumber: call.to_number,
      agent: call.agent,
      campaign: call.campaign ?? lead?.campaign ?? null,
      channels: call.channels,
      channelMap: parseChannelMap(call.channel_map),
    },
    lead: { priorCalls: prior, leadSource: lead?.lead_source ?? null, attributes },
    ...(trackers ? { trackers } : {}),
  });
  const now = new Date().toISOString();
  db.transaction(() => {
    stmt(db, 'UPDATE calls SET features = ?, sentiment_score = ?, keywords = ?, updated_at = ? WHERE call_id = ?').run(
      JSON.stringify(features),
      features.sentiment.overall,
      JSON.stringify(features.keywords),
      now,
      callId,
    );
    if (call.lead_id) refreshLeadInsights(db, call.lead_id, now);
    const { timeZone } = features.caller;
    storeSpokenTimes(db, { callId, leadId: call.lead_id, startedAt: call.call_start_time, timeZone }, features.turns);
  })();
  return features;
}
