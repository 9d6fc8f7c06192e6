import type { Server } from 'node:http';

/**
 * Where `serve` listens unless told otherwise. A fixed port, not any free one: the browser keeps
 * the app's per-device settings (theme, the reviewer name put on QA entries) and its cached files
 * per origin, and a new port at every start would forget them all.
 */
export const DEFAULT_PORT = 5417;

/** How many ports from DEFAULT_PORT on are tried when it is taken (a second serve, say). */
export const DEFAULT_PORT_TRIES = 10;

/** Every port asked for was taken. */
export class PortInUseError extends Error {}

function listenOnce(server: Server, port: number, host: string): Promise<'ok' | 'in-use'> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') resolve('in-use');
      else reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve('ok');
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Listens on `first`, or when it is taken on the next of `tries` ports; 0 takes any free port.
 * Resolves with the port it got.
 */
export async function listenOnFirstFree(
  server: Server,
  host: string,
  first: number,
  tries = 1,
): Promise<number> {
  const last = first === 0 ? 0 : Math.min(65535, first + Math.max(1, tries) - 1);
  for (let port = first; port <= last; port++) {
    if ((await listenOnce(server, port, host)) === 'ok') {
      const address = server.address();
      return typeof address === 'object' && address ? address.port : port;
    }
  }
  throw new PortInUseError(
    first === last
      ? `port ${first} on ${host} is in use`
      : `ports ${first}-${last} on ${host} are all in use`,
  );
}
