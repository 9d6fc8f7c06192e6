import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Api } from '../../shared/api/contract';
import type { CoreContext } from '../core/context';
import { ApiError, dispatch, maxInputBytes } from '../core/dispatch';
import { serveCallAudio } from './audio-route';
import { AppPage, type FirstScreen, type FirstScreenPage } from './first-screen';
import { KEPT_TOKEN_DAYS } from './known-tokens';
import { listenOnFirstFree } from './listen';
import { pageCsp } from './page-csp';
import { BodyError, readJsonBody } from './read-body';
import { crossSiteRefusal, ownOrigins } from './same-origin';
import { serveStatic } from './static-files';
import { decodePart, newToken, requestToken, tokenCookieName, tokenMatches } from './token';

export interface ExtraRoute {
  /** Handles the request and returns true, or returns false to let the next route try. */
  (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

export interface ServerOptions {
  ctx: CoreContext;
  api: Api;
  /** 0 (the default) takes any free port. */
  port?: number;
  /** When `port` is taken, the ports after it tried too (listen.ts); 1 tries `port` only. */
  portTries?: number;
  host?: string;
  token?: string;
  /** Tokens of earlier starts that still let their pages in (known-tokens.ts). */
  alsoAccepts?: (token: string) => boolean;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** More token-protected routes under /api/ (the REST API for other tools). */
  extraRoutes?: ExtraRoute[];
  /** Renders the queue into the page for requests with an accepted token (first-screen.ts). */
  firstScreen?: Promise<FirstScreen | null>;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The headless server: the built renderer plus the typed API over HTTP on loopback, behind a token. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const admits = (given: string | null): boolean =>
    tokenMatches(given, token) || (given !== null && options.alsoAccepts?.(given) === true);
  const host = options.host ?? '127.0.0.1';
  const { ctx, api } = options;
  // Known once listening; requests only arrive after that.
  let port = 0;
  let own: string[] = [];
  const tokenOf = (req: IncomingMessage, url: URL): string | null => requestToken(req, url, tokenCookieName(port));
  const sseClients = new Set<ServerResponse>();
  const onEvent = (e: unknown): void => {
    for (const c of sseClients) c.write(`data: ${JSON.stringify(e)}\n\n`);
  };
  ctx.events.on('event', onEvent);

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const refused = crossSiteRefusal(req, own);
    if (refused) {
      sendJson(res, 403, { error: refused });
      return;
    }
    if (!admits(tokenOf(req, url))) {
      sendJson(res, 401, { error: 'missing or wrong token: open the URL that `serve` printed' });
      return;
    }
    const path = url.pathname;
    const rpc = /^\/api\/rpc\/([A-Za-z]+)$/.exec(path);
    if (rpc && req.method === 'POST') {
      const name = rpc[1] as string;
      sendJson(res, 200, await dispatch(api, name, await readJsonBody(req, maxInputBytes(name))));
      return;
    }
    if (path === '/api/status' && req.method === 'GET') {
      sendJson(res, 200, await dispatch(api, 'getStatus', {}));
      return;
    }
    const audio = /^\/api\/calls\/([^/]+)\/audio$/.exec(path);
    if (audio && req.method === 'GET') {
      await serveCallAudio(ctx.db, decodePart(audio[1] as string, 'call id in the address'), req, res);
      return;
    }
    if (path === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(': connected\n\n');
      sseClients.add(res);
      req.on('close', () => sseClients.delete(res));
      return;
    }
    for (const route of options.extraRoutes ?? []) {
      if (await route(req, res, url)) return;
    }
    sendJson(res, 404, { error: `no such API route: ${req.method} ${path}` });
  };

  const appPage = new AppPage(options.staticDir, options.firstScreen);
  /** The page with the queue in it, or why not (the response says, for anyone wondering). */
  const firstScreenPage = async (req: IncomingMessage, url: URL): Promise<FirstScreenPage | string> => {
    if (req.method !== 'GET' || (url.pathname !== '/' && url.pathname !== '/index.html')) return 'not the page';
    if (!admits(tokenOf(req, url)) && !admits(url.searchParams.get('token'))) return 'no accepted token';
    return appPage.render();
  };
  appPage.warmUp();

  const server: Server = createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${host}`);
    } catch {
      sendJson(res, 400, { error: 'malformed address' });
      return;
    }
    const work = url.pathname.startsWith('/api/')
      ? handleApi(req, res, url)
      : (async () => {
          const given = url.searchParams.get('token');
          if (given && admits(given)) {
            // The page keeps the token as an HttpOnly cookie, so <audio> and EventSource carry it too.
            // Kept across browser restarts for as long as serve keeps accepting the token; named
            // for this port, so a server on another port never reads it (token.ts).
            res.setHeader(
              'set-cookie',
              `${tokenCookieName(port)}=${encodeURIComponent(given)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${KEPT_TOKEN_DAYS * 86_400}`,
            );
          }
          const first = await firstScreenPage(req, url);
          if (typeof first !== 'string') {
            res.writeHead(200, {
              'content-type': 'text/html; charset=utf-8',
              'content-length': Buffer.byteLength(first.html),
              // The team's data: not for any cache to keep.
              'cache-control': 'no-store',
              'content-security-policy': pageCsp(first.scriptSource),
              'x-callrank-first-screen': 'rendered',
            });
            res.end(first.html);
            return;
          }
          res.setHeader('content-security-policy', pageCsp());
          if (first !== 'not the page') res.setHeader('x-callrank-first-screen', first);
          await serveStatic(options.staticDir, url.pathname, res);
        })();
    work.catch((err: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (err instanceof ApiError || err instanceof BodyError) sendJson(res, err.status, { error: err.message });
      else sendJson(res, 500, { error: (err as Error).message ?? String(err) });
    });
  });

  try {
    port = await listenOnFirstFree(server, host, options.port ?? 0, options.portTries ?? 1);
  } catch (err) {
    ctx.events.off('event', onEvent);
    throw err;
  }
  own = ownOrigins(host, port);
  return {
    url: `http://${host}:${port}/?token=${token}`,
    token,
    port,
    async close() {
      ctx.events.off('event', onEvent);
      for (const c of sseClients) c.end();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
