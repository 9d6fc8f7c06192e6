import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { apiMethodNames, type Api } from '../../shared/api/contract';
import { dispatch } from '../core/dispatch';

/** Registers one IPC handler per contract method; only our own window's frames may call. */
export function registerApiIpc(api: Api, isTrustedSender: (sender: WebContents, frameUrl: string) => boolean): () => void {
  for (const name of apiMethodNames) {
    ipcMain.handle(`api:${name}`, async (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isTrustedSender(event.sender, event.senderFrame?.url ?? '')) {
        throw new Error(`refused ${name}: the caller is not CallRank's window`);
      }
      return dispatch(api, name, input);
    });
  }
  return () => apiMethodNames.forEach((name) => ipcMain.removeHandler(`api:${name}`));
}
