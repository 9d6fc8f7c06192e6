import { protocol } from 'electron';

/**
 * The window's page and files come from callrank-app://app/, not file://: the page is an origin of
 * its own (a file:// page may read any file), and the protocol can send the queue's first screen
 * in the page (server/app-files.ts). Standard and secure, so the page's module scripts, storage
 * and relative URLs behave as on https; code cache, so its scripts compile faster the next time.
 */
export const APP_SCHEME = {
  scheme: 'callrank-app',
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

export const APP_URL = 'callrank-app://app/';

export function registerAppProtocol(respond: (request: Request) => Promise<Response>): void {
  protocol.handle(APP_SCHEME.scheme, respond);
}
