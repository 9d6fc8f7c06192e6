import type { IncomingMessage } from 'node:http';

export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** application/json, or a +json type (application/merge-patch+json), with or without a charset. */
const isJsonType = (type: string | undefined): boolean =>
  /^application\/([\w.-]+\+)?json$/i.test((type ?? '').split(';')[0]?.trim() ?? '');

/**
 * Reads a JSON body up to a size limit; an empty body is {}. A body must say it is JSON: a page
 * of another site can send text/plain or a form without asking first, but not application/json.
 */
export async function readJsonBody(req: IncomingMessage, limitBytes = 5 * 1024 * 1024): Promise<unknown> {
  const type = req.headers['content-type'];
  const declared = Number(req.headers['content-length'] ?? 0);
  if ((declared > 0 || req.headers['transfer-encoding']) && !isJsonType(type)) {
    throw new BodyError(415, `send the body as JSON with Content-Type: application/json (got ${type ?? 'no Content-Type'})`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new BodyError(413, `request body over ${limitBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw new BodyError(400, `request body is not valid JSON: ${(err as Error).message}`);
  }
}
