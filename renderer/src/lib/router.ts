import { useEffect, useState } from 'react';

/** Hash routes (#/queue, #/review/L1/C1 …): they work the same in the desktop window (callrank-app://, or file:// if that fails) and over HTTP. */
export type Route =
  | { view: 'queue' }
  | { view: 'review'; leadId?: string; callId?: string }
  | { view: 'calibration' }
  | { view: 'reports' }
  | { view: 'jobs' }
  | { view: 'settings' };

/** Every view but the queue, which any other hash (or none) opens. */
export const OTHER_VIEWS = ['review', 'calibration', 'reports', 'jobs', 'settings'] as const;
type OtherView = (typeof OTHER_VIEWS)[number];

export function parseRoute(hash: string): Route {
  const [view, a, b] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (!(OTHER_VIEWS as readonly (string | undefined)[]).includes(view)) return { view: 'queue' };
  if (view === 'review') return { view: 'review', leadId: a || undefined, callId: b || undefined };
  return { view: view as Exclude<OtherView, 'review'> };
}

export function href(route: Route): string {
  if (route.view === 'review') return `#/review/${[route.leadId, route.callId].filter(Boolean).map((s) => encodeURIComponent(s as string)).join('/')}`;
  return `#/${route.view}`;
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

export function useRoute(): Route {
  // No window when `serve` renders the first screen, which is the queue's (the route with no hash).
  const [route, setRoute] = useState(() => parseRoute(typeof window === 'undefined' ? '' : window.location.hash));
  useEffect(() => {
    const on = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
