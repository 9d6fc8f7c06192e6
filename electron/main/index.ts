import { app, BrowserWindow, dialog, protocol } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCore, type RunningCore } from '../core/start-core';
import { registerApiIpc } from './ipc';
import { createMainWindow } from './window';
import { AUDIO_SCHEME, registerAudioProtocol } from './audio-protocol';
import { APP_SCHEME, registerAppProtocol } from './app-protocol';
import { ElectronSettingsStore, SafeStorageSecretStore } from './settings';
import { appFiles } from '../server/app-files';
import { keepNewFilesPrivate } from '../db/private-files';
import { AppPage, firstScreenFor } from '../server/first-screen';

protocol.registerSchemesAsPrivileged([AUDIO_SCHEME, APP_SCHEME]);
// The team's data (database, settings, secrets, recordings) is the user's alone.
keepNewFilesPrivate();

let core: RunningCore | null = null;
const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '../renderer');

async function boot(): Promise<void> {
  // Settings in electron-store, secrets sealed with safeStorage; the core reads the recordings
  // folder from the settings and the settings API starts/stops the watcher when it changes.
  core = startCore({
    dbPath: join(app.getPath('userData'), 'callrank.db'),
    runJobs: true,
    settings: {
      store: new ElectronSettingsStore(),
      secrets: new SafeStorageSecretStore(),
      secretStorage: 'operating system keychain (Electron safeStorage), sealed in secrets.bin',
    },
  });
  registerAudioProtocol(core.db);
  registerAppProtocol(appFiles({ staticDir: rendererDir, page: windowPage(core), media: `${AUDIO_SCHEME.scheme}:` }));
  registerApiIpc(core.api, (sender) => BrowserWindow.fromWebContents(sender) !== null);
  core.ctx.events.on('event', (event) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send('api:event', event);
  });
  openWindow();
}

/** The window's page, with the queue's first screen rendered in it as serve renders it. */
function windowPage(running: RunningCore): AppPage {
  const page = new AppPage(
    rendererDir,
    firstScreenFor(rendererDir, running.api, (why) => console.warn(`the queue's first screen is drawn by the page: ${why}`)),
  );
  page.warmUp();
  return page;
}

function openWindow(): void {
  createMainWindow(join(here, '../preload'), rendererDir);
}

app
  .whenReady()
  .then(boot)
  .catch((err: unknown) => {
    // e.g. a database written by a newer CallRank: say so plainly instead of dying silently.
    dialog.showErrorBox('CallRank cannot start', (err as Error).message ?? String(err));
    app.exit(1);
  });

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('before-quit', (event) => {
  if (!core) return;
  // Let running stages release their leases so the next start resumes them at once.
  event.preventDefault();
  const closing = core;
  core = null;
  void closing.close().finally(() => app.quit());
});

app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0 && core) openWindow();
});
