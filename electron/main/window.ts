import { BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { pageCsp } from '../server/page-csp';
import { AUDIO_SCHEME } from './audio-protocol';
import { APP_URL } from './app-protocol';

const CSP = pageCsp('', `${AUDIO_SCHEME.scheme}:`);

/** A hardened window: isolated, sandboxed, no Node in the page, a strict CSP, no navigation away. */
export function createMainWindow(preloadDir: string, rendererDir: string): BrowserWindow {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    // The app protocol's page sets its own policy: it names the first screen's inline scripts by
    // hash, which this fixed one would block (and with them the app's start).
    if (details.url.startsWith(APP_URL)) return callback({});
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'CallRank',
    webPreferences: {
      preload: join(preloadDir, 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https:')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) void win.loadURL(devUrl);
  else {
    // Should the app protocol fail to give the page, the files on disk still can: the page then
    // draws the queue itself, as it always did.
    win.webContents.on('did-fail-load', (_event, code, _description, url, isMainFrame) => {
      // -3 is a load cut short by another (a reload), not a failure of the protocol.
      if (isMainFrame && code !== -3 && url.startsWith(APP_URL)) void win.loadFile(join(rendererDir, 'index.html'));
    });
    void win.loadURL(APP_URL);
  }
  return win;
}
