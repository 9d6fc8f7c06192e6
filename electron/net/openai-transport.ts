import { bindCredentials } from './destinations';
import { outboundFetch, type Limits, type OutboundInit } from './outbound-fetch';
import { HttpError, jsonProblem } from './retrying-fetch';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAiTransport {
  apiKey: string;
  baseURL: string;
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
}

/**
 * What an OpenAI SDK client is built with. The key is bound to the base URL's origin (a base
 * URL that may not receive it throws here), every request goes through the outbound fetch with
 * `limits`, and a 2xx answer that is not JSON fails with the reason in words (the SDK would hand
 * back the text and fail later on a missing field).
 */
export function openAiTransport(apiKey: string, baseURL: string | undefined, limits: Partial<Limits>): OpenAiTransport {
  const base = baseURL ?? OPENAI_DEFAULT_BASE_URL;
  const auth = bindCredentials('openai', base, { authorization: `Bearer ${apiKey}` });
  return {
    apiKey,
    baseURL: base,
    async fetch(input, init) {
      const res = await outboundFetch(input, { ...(init as OutboundInit), auth, limits });
      if (!res.ok || res.status === 204) return res;
      const text = await res.text();
      const type = res.headers.get('content-type');
      const parsed = jsonProblem(text, type);
      if ('problem' in parsed) throw new HttpError(res.status, String(input), text, `OpenAI: ${parsed.problem}`);
      return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
    },
  };
}
