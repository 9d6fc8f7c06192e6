/**
 * Where a vendor's credentials may go: the one rule every outbound client follows.
 *
 * Credentials go to the vendor's own hosts over HTTPS. A base URL of another host (a proxy, a
 * gateway, a test server) receives them only when the user said so: a loopback test server named
 * on the command line or in code, or an origin listed in CALLRANK_ALLOW_BASE_URLS. Plain HTTP to
 * anything but loopback never receives them, listed or not. Every request that carries them must
 * stay on the origin they were bound to (see `bindCredentials` and the outbound fetch), so an
 * absolute next-page link or a redirect cannot carry them elsewhere.
 */

export type CredentialedVendor = 'twilio' | 'hubspot' | 'salesforce' | 'pipedrive' | 'openai';

interface VendorHosts {
  name: string;
  /** Exact host names, or ".suffix" for any sub-domain of it. */
  hosts: readonly string[];
}

/** The vendors' own API hosts (regional edges and per-company domains included). */
export const VENDOR_HOSTS: Record<CredentialedVendor, VendorHosts> = {
  twilio: { name: 'Twilio', hosts: ['api.twilio.com', '.twilio.com'] },
  hubspot: { name: 'HubSpot', hosts: ['api.hubapi.com', '.hubapi.com'] },
  // An org's instance URL is <my-domain>.my.salesforce.com (or a *.force.com / government-cloud host).
  salesforce: { name: 'Salesforce', hosts: ['.salesforce.com', '.force.com', '.salesforce.mil'] },
  pipedrive: { name: 'Pipedrive', hosts: ['api.pipedrive.com', '.pipedrive.com'] },
  openai: { name: 'OpenAI', hosts: ['api.openai.com'] },
};

export const ALLOW_BASE_URLS_ENV = 'CALLRANK_ALLOW_BASE_URLS';

export class UnsafeDestinationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeDestinationError';
  }
}

/** 127.0.0.0/8, ::1 and localhost: a server on this machine. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function isVendorHost(vendor: CredentialedVendor, host: string): boolean {
  const h = host.toLowerCase();
  return VENDOR_HOSTS[vendor].hosts.some((p) => (p.startsWith('.') ? h.endsWith(p) && h.length > p.length : h === p));
}

/** The origins the user allowed in the environment; a malformed entry is an error, not ignored. */
export function allowedOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env[ALLOW_BASE_URLS_ENV]?.trim();
  if (!raw) return [];
  return raw.split(',').flatMap((entry) => {
    const e = entry.trim();
    if (!e) return [];
    try {
      const u = new URL(e);
      if (u.protocol === 'http:' || u.protocol === 'https:') return [u.origin];
    } catch {
      // reported below
    }
    throw new UnsafeDestinationError(`${ALLOW_BASE_URLS_ENV} holds "${e}", which is not an origin such as https://gateway.example.com`);
  });
}

export interface BaseUrlRules {
  /**
   * Whether a loopback server (a local test server) may stand in for the vendor without being
   * listed. True for a URL the user typed on the command line or code passed in; false for one
   * that arrives over the local REST API, where another program or a web page could have sent it.
   */
  allowLoopback: boolean;
  env?: NodeJS.ProcessEnv;
}

/** Why `raw` may not receive the vendor's credentials, or null when it may. */
export function baseUrlRefusal(raw: string, vendor: CredentialedVendor, rules: BaseUrlRules): string | null {
  const name = VENDOR_HOSTS[vendor].name;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not a URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol} URLs are not supported: use https://`;
  if (url.username || url.password) return 'a base URL must not carry a user name or password';
  const loopback = isLoopback(url.hostname);
  if (url.protocol === 'http:' && !loopback) return `${name} credentials are never sent over plain HTTP to ${url.host}: use https://`;
  if (url.protocol === 'https:' && isVendorHost(vendor, url.hostname)) return null;
  const listed = allowedOrigins(rules.env).includes(url.origin);
  if (listed || (loopback && rules.allowLoopback)) return null;
  const own = VENDOR_HOSTS[vendor].hosts.filter((h) => !h.startsWith('.')).join(', ') || VENDOR_HOSTS[vendor].hosts.map((h) => `*${h}`).join(', ');
  return `${url.origin} is not ${name}'s own host (${own}); to send ${name} credentials there, list it in ${ALLOW_BASE_URLS_ENV}`;
}

/** The base URL as a URL, or the error that says why the vendor's credentials may not go there. */
export function checkedBaseUrl(raw: string, vendor: CredentialedVendor, rules: BaseUrlRules): URL {
  const refusal = baseUrlRefusal(raw, vendor, rules);
  if (refusal) throw new UnsafeDestinationError(`refusing ${VENDOR_HOSTS[vendor].name} base URL: ${refusal}`);
  return new URL(raw);
}

/** A vendor's credential headers, bound to the one origin they may be sent to. */
export interface BoundCredentials {
  vendor: CredentialedVendor;
  origin: string;
  headers: Readonly<Record<string, string>>;
}

/**
 * Binds credential headers to a checked base URL. Loopback is accepted here: a base URL from the
 * REST API was already held to the stricter rule when it was saved.
 */
export function bindCredentials(vendor: CredentialedVendor, baseUrl: string, headers: Record<string, string>, rules: BaseUrlRules = { allowLoopback: true }): BoundCredentials {
  return { vendor, origin: checkedBaseUrl(baseUrl, vendor, rules).origin, headers };
}

/** Why a request to `url` may not carry these credentials, or null when it may. */
export function credentialRefusal(url: URL, credentials: BoundCredentials): string | null {
  if (url.origin === credentials.origin) return null;
  return `refusing to send ${VENDOR_HOSTS[credentials.vendor].name} credentials to ${url.origin}: they go only to ${credentials.origin}`;
}
