import type { PipelineSteps } from '../jobs/pipeline';

/**
 * INTERIM wiring until the transcription and scoring modules land: an empty transcript of the
 * right duration, duration-only features, and a score from duration. Replaced by the real engines.
 */
export function createDefaultSteps(): PipelineSteps & { close(): Promise<void> } {
  return {
    async transcribe() {
      return { engine: 'none', model: 'none', engineVersion: '0', source: 'engine', language: 'en', durationS: 0, segments: [] };
    },
    analyse(db, callId) {
      const row = db.prepare('SELECT call_duration FROM calls WHERE call_id = ?').get(callId) as { call_duration: number };
      db.prepare('UPDATE calls SET features = ? WHERE call_id = ?').run(JSON.stringify({ durationS: row.call_duration }), callId);
    },
    score(db, callId) {
      const row = db.prepare('SELECT call_duration, lead_id FROM calls WHERE call_id = ?').get(callId) as {
        call_duration: number;
        lead_id: string;
      };
      db.prepare('UPDATE leads SET lead_score = ? WHERE lead_id = ?').run(Math.min(100, row.call_duration / 2.4), row.lead_id);
    },
    async close() {},
  };
}
