import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { apiMethodNames, type ApiEvent } from '../../shared/api/contract';

/**
 * Exposes exactly the typed API: one function per contract method, each bound to its own
 * channel. Main validates every input; nothing else of Electron reaches the page.
 */
const api = Object.fromEntries(
  apiMethodNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(`api:${name}`, input)]),
);

contextBridge.exposeInMainWorld('callrank', {
  api,
  onEvent(listener: (event: ApiEvent) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, event: ApiEvent): void => listener(event);
    ipcRenderer.on('api:event', wrapped);
    return () => ipcRenderer.off('api:event', wrapped);
  },
});
