import { readFile } from 'node:fs/promises';
import type { AppPage } from './first-screen';
import { pageCsp } from './page-csp';
import { staticFile } from './static-files';

export interface AppFilesOptions {
  /** The built renderer (out/renderer). */
  staticDir: string;
  page: AppPage;
  /** Where recordings play from besides the page's own origin (pageCsp). */
  media?: string;
}

/**
 * The desktop window's page and files as web Responses, for its own protocol (Electron's
 * protocol.handle takes this function as it is). The page comes with the queue's first screen in
 * it, as serve sends it: loaded from disk, the window drew nothing until the app's code had loaded,
 * asked for the rows and rendered them. The window is the app's own, so no token is asked for.
 * Every response carries the page's policy: a custom protocol's responses may not pass through
 * the session's header hooks, so the policy cannot be left to them.
 */
export function appFiles(options: AppFilesOptions): (request: Request) => Promise<Response> {
  const { staticDir, page, media = '' } = options;
  return async (request) => {
    // The page only ever loads from here; it posts nothing (its API goes over IPC).
    if (request.method !== 'GET') return new Response('only GET', { status: 405, headers: { allow: 'GET' } });
    const { pathname } = new URL(request.url);
    let withoutFirstScreen: string | null = null;
    if (pathname === '/' || pathname === '/index.html') {
      const first = await page.render();
      if (typeof first !== 'string') {
        return new Response(first.html, {
          headers: {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
            'content-security-policy': pageCsp(first.scriptSource, media),
            'x-callrank-first-screen': 'rendered',
          },
        });
      }
      withoutFirstScreen = first;
    }
    const found = await staticFile(staticDir, pathname);
    if ('status' in found) return new Response(found.message, { status: found.status, headers: { 'content-type': 'text/plain' } });
    return new Response(await readFile(found.file), {
      headers: {
        ...found.headers,
        'content-security-policy': pageCsp('', media),
        ...(withoutFirstScreen ? { 'x-callrank-first-screen': withoutFirstScreen } : {}),
      },
    });
  };
}
