import { analyseAndStoreCall } from '../analysis/analyse-and-store';
import type { PipelineSteps } from '../jobs/pipeline';
import { ensureDefaultRubrics } from '../scoring/rubric-store';
import { scoreAndStoreCall } from '../scoring/score-and-store';
import { createTranscriber, type TranscriberOptions } from '../transcription/index';

export interface StepOptions {
  /** Speech engine: 'embedded' (default, no download), 'local:<model>', 'openai'. */
  engine?: string;
  modelsDir?: string;
}

/** The real pipeline: the chosen speech engine, then call analysis, then the active rubrics. */
export function createDefaultSteps(options: StepOptions = {}): PipelineSteps & { engineName: string; close(): Promise<void> } {
  const transcriberOptions: TranscriberOptions = { engine: options.engine ?? process.env.CALLRANK_ENGINE ?? 'embedded' };
  if (options.modelsDir) transcriberOptions.modelsDir = options.modelsDir;
  const transcriber = createTranscriber(transcriberOptions);
  let rubricsReady = false;
  return {
    engineName: transcriber.engineName,
    transcribe: (request) => transcriber.transcribe(request),
    analyse(db, callId) {
      analyseAndStoreCall(db, callId);
    },
    score(db, callId) {
      if (!rubricsReady) {
        ensureDefaultRubrics(db);
        rubricsReady = true;
      }
      scoreAndStoreCall(db, callId);
    },
    close: () => transcriber.close(),
  };
}
