import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import type { Db } from '../db/open';
import { recordingAccess } from '../ingest/recording-folders';

/**
 * callrank-audio://call/<id> streams a call's recording to the page without exposing file paths;
 * only a file inside the recordings folders is read (recordingAccess), as over HTTP.
 */
export function registerAudioProtocol(db: Db): void {
  protocol.handle('callrank-audio', async (request) => {
    let id: string;
    try {
      id = decodeURIComponent(new URL(request.url).pathname.replace(/^\//, ''));
    } catch {
      return new Response('malformed call id in the address (a % not followed by two hex digits)', { status: 400 });
    }
    const row = db.prepare('SELECT recording_path FROM calls WHERE call_id = ?').get(id) as
      | { recording_path: string | null }
      | undefined;
    if (!row) return new Response(`no such call: ${id}`, { status: 404 });
    const access = recordingAccess(db, row.recording_path);
    if (!access.ok) return new Response(access.reason, { status: access.status });
    return net.fetch(pathToFileURL(access.path).toString(), { headers: request.headers });
  });
}

export const AUDIO_SCHEME = {
  scheme: 'callrank-audio',
  privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
};
