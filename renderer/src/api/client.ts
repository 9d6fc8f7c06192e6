import type { Api, ApiEvent } from '../../../shared/api/contract';

interface Bridge {
  api: Api;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

declare global {
  interface Window {
    callrank?: Bridge;
  }
}

/** Over HTTP (`serve`): the token travels as an HttpOnly cookie set when the page was opened. */
function httpApi(): Api {
  const call = async (name: string, input: unknown): Promise<unknown> => {
    const res = await fetch(`/api/rpc/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
    const body = (await res.json()) as { error?: string };
    if (!res.ok) throw new Error(body.error ?? `${name} failed with HTTP ${res.status}`);
    return body;
  };
  // A proxy rather than a table built from the contract: importing the contract would pull zod and
  // every schema into the first bundle the queue waits for. The server validates each call anyway.
  return new Proxy({} as Api, {
    get: (_target, name) =>
      typeof name === 'string' && name !== 'then' ? (input: unknown) => call(name, input) : undefined,
  });
}

/**
 * One EventSource for the whole page, shared by every listener: a browser allows six connections
 * per host, and one held open per view would leave the API calls queueing behind them.
 */
const httpListeners = new Set<(event: ApiEvent) => void>();
let httpSource: EventSource | null = null;

function httpEvents(listener: (event: ApiEvent) => void): () => void {
  httpListeners.add(listener);
  if (!httpSource) {
    httpSource = new EventSource('/api/events');
    httpSource.onmessage = (m) => {
      const event = JSON.parse(m.data as string) as ApiEvent;
      for (const l of [...httpListeners]) l(event);
    };
  }
  return () => {
    httpListeners.delete(listener);
    if (httpListeners.size === 0 && httpSource) {
      httpSource.close();
      httpSource = null;
    }
  };
}

// Undefined when `serve` renders the queue's first screen in Node (first-screen/render-first-screen.tsx),
// where nothing calls the API: effects do not run there.
const bridge = typeof window === 'undefined' ? undefined : window.callrank;

/** The one way the renderer reaches the core: the preload's IPC bridge in Electron, HTTP in a browser. */
export const api: Api = bridge?.api ?? httpApi();
export const onApiEvent: (listener: (event: ApiEvent) => void) => () => void = bridge?.onEvent ?? httpEvents;

/** In a browser the URL carries ?token= once; drop it from the address bar after the cookie is set. */
export function forgetTokenInUrl(): void {
  const url = new URL(window.location.href);
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
  }
}
