import { useEffect, useState } from 'react';

/** Hash routes (#/queue, #/review/L1/C1 …): they work the same from file:// in Electron and over HTTP. */
export type Route =
  | { view: 'queue' }
  | { view: 'review'; leadId?: string; callId?: string }
  | { view: 'calibration' }
  | { view: 'reports' }
  | { view: 'jobs' }
  | { view: 'settings' };

export function parseRoute(hash: string): Route {
  const [view, a, b] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  switch (view) {
    case 'review':
      return { view: 'review', leadId: a || undefined, callId: b || undefined };
    case 'calibration':
    case 'reports':
    case 'jobs':
    case 'settings':
      return { view };
    default:
      return { view: 'queue' };
  }
}

export function href(route: Route): string {
  if (route.view === 'review') return `#/review/${[route.leadId, route.callId].filter(Boolean).map((s) => encodeURIComponent(s as string)).join('/')}`;
  return `#/${route.view}`;
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
