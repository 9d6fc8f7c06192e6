import { bindCredentials, VENDOR_HOSTS } from '../net/destinations';
import { fetchJson, type RetryingFetchOptions } from '../net/retrying-fetch';
import type { CrmVendor } from './plan-push';

export interface CrmHttpOptions extends RetryingFetchOptions {
  vendor: CrmVendor;
  baseUrl: string;
  /** The credential headers: sent only to the base URL's origin (see net/destinations). */
  credentials: Record<string, string>;
}

/** `idempotent`: may be sent again after a broken answer (default: every method but POST). */
export type CrmRequest = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown, query?: Record<string, string>, options?: { idempotent?: boolean }) => Promise<unknown>;

/**
 * The one JSON client every CRM adapter uses: the connectors' retry rules (429 Retry-After, 5xx
 * and timeouts backed off, every wait reported), credentials bound to the CRM's own origin, and
 * an error that names the call and quotes what the CRM said. Throws at once when the base URL
 * may not receive the credentials.
 */
export function crmHttp(opts: CrmHttpOptions): CrmRequest {
  const auth = bindCredentials(opts.vendor, opts.baseUrl, opts.credentials);
  const vendorName = VENDOR_HOSTS[opts.vendor].name;
  return async (method, path, body, query, options) => {
    const url = new URL(path, opts.baseUrl);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetchJson(url.toString(), { method, headers, auth, idempotent: options?.idempotent, body: body === undefined ? undefined : JSON.stringify(body) }, opts, `${vendorName} ${method} ${url.pathname}`);
  };
}
