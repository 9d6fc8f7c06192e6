import type { Db } from '../db/open';
import type { Transcript } from '../../shared/transcript';
import { channelMapSchema } from '../../shared/transcript';
import type { LlmVerdictsByRubric } from '../scoring/score-and-store';
import type { TranscribeRequest } from '../transcription/engine';
import { PermanentStageError, type StageHandlers } from './stage-handler';
import { deleteOriginal, prepareRecording, storedTranscript } from '../redaction/store-redacted';

export interface PipelineSteps {
  transcribe(request: TranscribeRequest): Promise<Transcript>;
  /** Computes and stores the call's features (synchronous: it runs inside the stage's commit). */
  analyse(db: Db, callId: string): void;
  /**
   * The score step's asynchronous part (e.g. asking OpenAI the rubric's LLM questions), run
   * before the commit because the write itself must stay synchronous. Optional: without it
   * `score` gets undefined.
   */
  prepareScore?(db: Db, callId: string): Promise<LlmVerdictsByRubric | undefined>;
  /** Scores the call from its stored features with the active rubrics (and what prepareScore fetched). */
  score(db: Db, callId: string, prepared?: LlmVerdictsByRubric): void;
}

interface CallAudioRow {
  recording_path: string | null;
  channel_map: string | null;
}

/** Failures a retry cannot fix: the file is gone or cannot be decoded, or the chosen engine is not installed. */
const PERMANENT_CODES = new Set([
  'ENOENT',
  'EISDIR',
  'file-not-found',
  'unsupported-format',
  'decode-failed',
  'model-missing',
  'engine-unavailable',
]);

function isPermanent(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && PERMANENT_CODES.has(code);
}

export function createStageHandlers(steps: PipelineSteps): StageHandlers {
  return {
    async transcribe({ db, callId, signal, progress }) {
      const call = db
        .prepare('SELECT recording_path, channel_map FROM calls WHERE call_id = ?')
        .get(callId) as CallAudioRow | undefined;
      if (!call?.recording_path) throw new PermanentStageError('the call has no recording to transcribe');
      const channels = call.channel_map ? channelMapSchema.parse(JSON.parse(call.channel_map)) : undefined;
      let transcript: Transcript;
      try {
        transcript = await steps.transcribe({
          filePath: call.recording_path,
          channels,
          signal,
          onProgress: progress,
        });
      } catch (err) {
        if (isPermanent(err)) throw new PermanentStageError((err as Error).message);
        throw err;
      }
      // Redaction at rest: what the settings name is removed from the transcript, and toned in a
      // stored copy of the recording, before anything is written.
      const stored = storedTranscript(db, transcript);
      let recording: Awaited<ReturnType<typeof prepareRecording>>;
      try {
        recording = await prepareRecording(db, callId, call.recording_path, stored.times, signal);
      } catch (err) {
        // The transcript must not be stored while its recording still holds what it removed.
        const reason = `cannot store a redacted copy of the recording, so nothing was stored: ${(err as Error).message}`;
        if (isPermanent(err)) throw new PermanentStageError(reason);
        throw new Error(reason, { cause: err });
      }
      return () => {
        db.prepare(
          'UPDATE calls SET transcript = ?, transcript_text = ?, recording_path = ?, updated_at = ? WHERE call_id = ?',
        ).run(stored.json, stored.text, recording.path, new Date().toISOString(), callId);
        deleteOriginal(recording);
      };
    },
    async analyse({ db, callId }) {
      return () => steps.analyse(db, callId);
    },
    async score({ db, callId }) {
      const prepared = steps.prepareScore ? await steps.prepareScore(db, callId) : undefined;
      return () => steps.score(db, callId, prepared);
    },
  };
}
