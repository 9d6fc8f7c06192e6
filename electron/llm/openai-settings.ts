import type { SecretStore } from '../secrets/secret-store';

/**
 * OpenAI is off unless the user switches it on AND a key is present. Everything that might
 * talk to OpenAI asks `openAiConfig` first and gets null when it is off, so "off" means no
 * client object exists and no connection can be opened.
 */
export interface OpenAiSettings {
  enabled: boolean;
  /** Model for rubric questions (structured outputs need gpt-4o-2024-08-06 or later, or gpt-4o-mini). */
  questionModel: string;
  /** Another host speaking the same API (tests, proxies, Azure-style gateways); the client appends paths like /chat/completions. */
  baseURL?: string;
  timeoutMs: number;
  maxRetries: number;
}

export const DEFAULT_OPENAI_SETTINGS: OpenAiSettings = {
  enabled: false,
  questionModel: 'gpt-4o-2024-08-06',
  timeoutMs: 60_000,
  maxRetries: 3,
};

export interface OpenAiConfig extends OpenAiSettings {
  apiKey: string;
}

/** Settings from the environment, for the CLI: CALLRANK_OPENAI=on switches it on. */
export function openAiSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenAiSettings {
  return {
    ...DEFAULT_OPENAI_SETTINGS,
    enabled: /^(on|1|true|yes)$/i.test(env.CALLRANK_OPENAI ?? ''),
    ...(env.CALLRANK_OPENAI_MODEL ? { questionModel: env.CALLRANK_OPENAI_MODEL } : {}),
    ...(env.CALLRANK_OPENAI_BASE_URL ? { baseURL: env.CALLRANK_OPENAI_BASE_URL } : {}),
  };
}

export async function openAiConfig(settings: OpenAiSettings, secrets: SecretStore): Promise<OpenAiConfig | null> {
  if (!settings.enabled) return null;
  const apiKey = await secrets.get('openai.api_key');
  return apiKey ? { ...settings, apiKey } : null;
}
