import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { basename, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { CoreContext } from '../core/context';
import { RECORDING_EXTENSIONS } from '../ingest/formats';
import type { PhoneRegion } from '../ingest/phone';
import { sidecarSchema } from '../ingest/sidecar';
import { discardStoreCopy, ingestStoreCopy, writeSidecar } from '../sync/ingest-synced';
import { parseOr400, queryObject, RestError } from './http-io';

/** Larger than any phone call we expect (a 2 h stereo 16-bit 48 kHz WAV is ~1.4 GB; those are rare). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

const CONTENT_EXT: Record<string, string> = {
  'audio/wav': '.wav',
  'audio/x-wav': '.wav',
  'audio/wave': '.wav',
  'audio/mpeg': '.mp3',
  'audio/mp4': '.m4a',
  'audio/x-m4a': '.m4a',
  'audio/ogg': '.ogg',
  'audio/flac': '.flac',
  'audio/opus': '.opus',
};

const uploadQuery = z.object({
  filename: z.string().min(1).max(200).optional(),
  external_id: z.string().min(1).optional(),
  lead_id: z.string().min(1).optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  from: z.string().min(1).optional(),
  to: z.string().min(1).optional(),
  started_at: z.string().min(1).optional(),
  agent: z.string().min(1).optional(),
  campaign: z.string().min(1).optional(),
});

export interface UploadResult {
  call_id: string;
  duplicate: boolean;
  note: string | null;
  job: { stage: string; state: string } | null;
}

function extensionFor(contentType: string | undefined, filename: string | undefined): string {
  const fromName = filename ? extname(filename).toLowerCase() : '';
  if ((RECORDING_EXTENSIONS as readonly string[]).includes(fromName)) return fromName;
  const fromType = CONTENT_EXT[(contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''];
  if (fromType) return fromType;
  throw new RestError(415, `send the recording as one of ${Object.keys(CONTENT_EXT).join(', ')}, or name it with ?filename= ending in ${RECORDING_EXTENSIONS.join(', ')}`);
}

/**
 * POST /api/calls: the request body is the recording's bytes; the call's details come as query
 * parameters (the sidecar fields). The file lands in the recordings store with its sidecar and
 * goes through the same ingest as the watched folder (hash, probe, lead match, job queued), then
 * the runner is woken to transcribe and score it. The same audio twice is one call.
 */
export async function uploadCall(
  ctx: CoreContext,
  recordingsDir: string,
  req: IncomingMessage,
  url: URL,
  region?: PhoneRegion,
): Promise<{ status: number; body: UploadResult }> {
  const q = parseOr400(uploadQuery, queryObject(url), 'query');
  const ext = extensionFor(req.headers['content-type'], q.filename);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > MAX_UPLOAD_BYTES) throw new RestError(413, `recording over ${MAX_UPLOAD_BYTES} bytes`);
  const sidecar = parseOr400(
    sidecarSchema,
    { external_id: q.external_id, direction: q.direction, from: q.from, to: q.to, started_at: q.started_at, agent: q.agent, campaign: q.campaign, lead: q.lead_id ? { lead_id: q.lead_id } : undefined },
    'query',
  );
  await mkdir(recordingsDir, { recursive: true });
  const stem = `${new Date().toISOString().slice(0, 10)}-${randomUUID()}${q.filename ? '-' + basename(q.filename, extname(q.filename)).replace(/[^\w.-]+/g, '_').slice(0, 60) : ''}`;
  const path = join(recordingsDir, stem + ext);
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_UPLOAD_BYTES) req.destroy(new RestError(413, `recording over ${MAX_UPLOAD_BYTES} bytes`));
  });
  try {
    await pipeline(req, createWriteStream(path, { flags: 'wx' }));
  } catch (err) {
    await unlink(path).catch(() => undefined);
    throw err instanceof RestError ? err : new RestError(400, `upload broke off: ${(err as Error).message}`);
  }
  if (size === 0) {
    await unlink(path);
    throw new RestError(400, 'the request body is empty: send the recording bytes');
  }
  // The sidecar goes down first, so ingest reads the call's details with the audio. A refused
  // upload, or the same audio as a stored call, leaves nothing behind (ingestStoreCopy).
  if (Object.values(sidecar).some((v) => v !== undefined)) {
    await writeSidecar(path, sidecar).catch(async (err: unknown) => {
      await discardStoreCopy(ctx.db, path);
      throw err;
    });
  }
  const outcome = await ingestStoreCopy(ctx.db, path, region);
  if (!outcome.ok) throw new RestError(422, `the recording was not accepted: ${outcome.reason}`);
  return answer(ctx, outcome.callId, outcome.note);
}

function answer(ctx: CoreContext, callId: string, note: string | null): { status: number; body: UploadResult } {
  ctx.notifyRunner();
  const job = ctx.db.prepare('SELECT stage, state FROM jobs WHERE call_id = ?').get(callId) as { stage: string; state: string } | undefined;
  const duplicate = note !== null;
  return { status: duplicate ? 200 : 201, body: { call_id: callId, duplicate, note, job: job ?? null } };
}
