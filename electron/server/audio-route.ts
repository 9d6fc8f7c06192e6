import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import type { Db } from '../db/open';
import { recordingAccess } from '../ingest/recording-folders';

const AUDIO_TYPES: Record<string, string> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.flac': 'audio/flac',
};

/**
 * Streams a call's recording with Range support, so the player can seek without loading it all.
 * Only a file inside the recordings folders is read (recordingAccess); anything else is refused.
 */
export async function serveCallAudio(db: Db, callId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const row = db.prepare('SELECT recording_path FROM calls WHERE call_id = ?').get(callId) as
    | { recording_path: string | null }
    | undefined;
  if (!row) {
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `no such call: ${callId}` }));
    return;
  }
  const access = recordingAccess(db, row.recording_path);
  if (!access.ok) {
    res.writeHead(access.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: access.reason }));
    return;
  }
  const { path, size } = access;
  const type = AUDIO_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (!range) {
    res.writeHead(200, { 'content-type': type, 'content-length': size, 'accept-ranges': 'bytes' });
    createReadStream(path).pipe(res);
    return;
  }
  const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
  const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
  if (start > end || start >= size) {
    res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
    return;
  }
  res.writeHead(206, {
    'content-type': type,
    'content-length': end - start + 1,
    'content-range': `bytes ${start}-${end}/${size}`,
    'accept-ranges': 'bytes',
  });
  createReadStream(path, { start, end }).pipe(res);
}
