import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import type { Db } from '../db/open';

/** callrank-audio://call/<id> streams a call's recording to the page without exposing file paths. */
export function registerAudioProtocol(db: Db): void {
  protocol.handle('callrank-audio', async (request) => {
    const id = decodeURIComponent(new URL(request.url).pathname.replace(/^\//, ''));
    const row = db.prepare('SELECT recording_path FROM calls WHERE call_id = ?').get(id) as
      | { recording_path: string | null }
      | undefined;
    if (!row?.recording_path) return new Response('recording not found', { status: 404 });
    return net.fetch(pathToFileURL(row.recording_path).toString(), { headers: request.headers });
  });
}

export const AUDIO_SCHEME = {
  scheme: 'callrank-audio',
  privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
};
