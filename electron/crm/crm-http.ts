import { expectJson, retryingFetch, type RetryingFetchOptions } from '../sync/http/retrying-fetch';

export interface CrmHttpOptions extends RetryingFetchOptions {
  baseUrl: string;
  /** Auth and any vendor headers, sent with every request. */
  headers: Record<string, string>;
  /** Names the vendor in error messages ("Salesforce /services/data/...: HTTP 400 ..."). */
  vendorName: string;
}

export type CrmRequest = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown, query?: Record<string, string>) => Promise<unknown>;

/**
 * The one JSON client every CRM adapter uses: the connectors' retry rules (429 Retry-After, 5xx
 * and timeouts backed off, every wait reported) and an error that quotes what the CRM said.
 */
export function crmHttp(opts: CrmHttpOptions): CrmRequest {
  return async (method, path, body, query) => {
    const url = new URL(path, opts.baseUrl);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await retryingFetch(url.toString(), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, opts);
    return expectJson(res, `${opts.vendorName} ${method} ${url.pathname}`);
  };
}
