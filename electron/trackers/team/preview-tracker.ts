import type { Db } from '../../db/open';
import { transcriptSchema } from '../../../shared/transcript';
import type { TrackerPreviewHit } from '../../../shared/api/trackers';
import { trackCall } from '../call-trackers';
import type { CompiledTracker } from '../match-trackers';
import { trackersUnderstand } from '../tracker-language';

interface CallRow {
  call_id: string;
  lead_id: string | null;
  transcript: string;
}

/**
 * Runs one tracker over the stored transcripts of the last `lastCalls` calls (by when they
 * happened) exactly as analysis does, and returns each call's evidence, most confident first.
 * Reads, never writes.
 */
export function previewOnStoredCalls(db: Db, tracker: CompiledTracker, lastCalls: number): { calls: number; hits: TrackerPreviewHit[] } {
  const rows = db
    .prepare(
      `SELECT call_id, lead_id, transcript FROM calls WHERE transcript IS NOT NULL
       ORDER BY COALESCE(call_start_time, created_at) DESC, call_id LIMIT ?`,
    )
    .all(lastCalls) as CallRow[];
  const hits: TrackerPreviewHit[] = [];
  for (const row of rows) {
    const parsed = transcriptSchema.safeParse(JSON.parse(row.transcript));
    // A transcript this version cannot read is skipped here; analysis reports it on the call.
    if (!parsed.success || !trackersUnderstand(parsed.data.language)) continue;
    const turns = parsed.data.segments.filter((s) => s.text.trim().length > 0).map((s) => ({ speaker: s.speaker, start: s.start, text: s.text.trim() }));
    for (const intent of trackCall(turns, [tracker], null).intents) {
      for (const e of intent.evidence) {
        hits.push({ call_id: row.call_id, lead_id: row.lead_id, quote: e.quote, start: e.start, speaker: e.speaker, confidence: e.confidence ?? 0 });
      }
    }
  }
  hits.sort((a, b) => b.confidence - a.confidence || a.call_id.localeCompare(b.call_id) || a.start - b.start);
  return { calls: rows.length, hits };
}
