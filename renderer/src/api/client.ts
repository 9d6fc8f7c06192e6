import { apiMethodNames, type Api, type ApiEvent } from '../../../shared/api/contract';

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
  return Object.fromEntries(apiMethodNames.map((name) => [name, (input: unknown) => call(name, input)])) as unknown as Api;
}

function httpEvents(listener: (event: ApiEvent) => void): () => void {
  const source = new EventSource('/api/events');
  source.onmessage = (m) => listener(JSON.parse(m.data as string) as ApiEvent);
  return () => source.close();
}

/** The one way the renderer reaches the core: the preload's IPC bridge in Electron, HTTP in a browser. */
export const api: Api = window.callrank?.api ?? httpApi();
export const onApiEvent: (listener: (event: ApiEvent) => void) => () => void = window.callrank?.onEvent ?? httpEvents;

/** In a browser the URL carries ?token= once; drop it from the address bar after the cookie is set. */
export function forgetTokenInUrl(): void {
  const url = new URL(window.location.href);
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
  }
}
