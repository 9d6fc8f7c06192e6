import type { Settings } from '../../shared/api/settings';
import type { Db } from '../db/open';
import { analyseForPipeline } from '../trackers/team/retrack-call';
import type { PipelineSteps } from '../jobs/pipeline';
import { llmVerdictsForCall } from '../llm/call-llm-verdicts';
import { openAiConfig, openAiSettingsFromEnv, type OpenAiConfig } from '../llm/openai-settings';
import type { LlmVerdicts } from '../scoring/evaluate-criterion';
import { ensureDefaultRubrics, loadActiveRubrics } from '../scoring/rubric-store';
import { scoreAndStoreCall } from '../scoring/score-and-store';
import { EnvSecretStore } from '../secrets/env-secret-store';
import { createTranscriber, type TranscriberOptions } from '../transcription/index';

export interface StepOptions {
  /** Speech engine: 'embedded' (default, no download), 'local:<model>', 'openai'. */
  engine?: string;
  modelsDir?: string;
  /**
   * OpenAI for rubric LLM questions, asked for each call that has any (so a switch takes effect
   * without a restart); null means off. Default: CALLRANK_OPENAI=on and OPENAI_API_KEY.
   */
  openAi?: () => Promise<OpenAiConfig | null>;
}

/** The transcriber's name for the engine a user picked in Settings. */
export function engineForSetting(setting: Settings['engine']): string {
  return setting === 'local-neural' ? 'local' : setting;
}

/** The real pipeline: the chosen speech engine, then call analysis, then the active rubrics. */
export function createDefaultSteps(
  options: StepOptions = {},
): PipelineSteps & { engineName: string; close(): Promise<void> } {
  const transcriberOptions: TranscriberOptions = {
    engine: options.engine ?? process.env.CALLRANK_ENGINE ?? 'embedded',
  };
  const appOpenAi = options.openAi;
  // The app's key and switch serve Whisper as they serve the rubric questions; the CLI keeps OPENAI_API_KEY.
  if (appOpenAi) {
    transcriberOptions.openaiCredentials = async () => {
      const config = await appOpenAi();
      return config && { apiKey: config.apiKey, ...(config.baseURL ? { baseURL: config.baseURL } : {}) };
    };
  }
  if (options.modelsDir) transcriberOptions.modelsDir = options.modelsDir;
  const transcriber = createTranscriber(transcriberOptions);
  const resolveOpenAi =
    options.openAi ?? (() => openAiConfig(openAiSettingsFromEnv(), new EnvSecretStore(process.env)));
  let rubricsReady = false;
  const ensureRubrics = (db: Db): void => {
    if (!rubricsReady) {
      ensureDefaultRubrics(db);
      rubricsReady = true;
    }
  };
  return {
    engineName: transcriber.engineName,
    transcribe: (request) => transcriber.transcribe(request),
    analyse(db, callId) {
      analyseForPipeline(db, callId);
    },
    async prepareScore(db, callId) {
      ensureRubrics(db);
      const asking = loadActiveRubrics(db).filter((r) =>
        r.rubric.criteria.some((c) => c.type === 'llm_question'),
      );
      if (!asking.length) return undefined;
      // Off: nothing is built or sent; the write step falls back to cached answers (or n/a).
      const config = await resolveOpenAi();
      if (!config) return undefined;
      const byRubric = new Map<number, LlmVerdicts>();
      for (const r of asking)
        byRubric.set(r.rubricId, (await llmVerdictsForCall(db, callId, r, config)).verdicts);
      return byRubric;
    },
    score(db, callId, prepared) {
      ensureRubrics(db);
      scoreAndStoreCall(db, callId, prepared);
    },
    close: () => transcriber.close(),
  };
}
