import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export type StaticFile =
  | { file: string; size: number; headers: Record<string, string> }
  | { status: 400 | 403 | 404; message: string };

/**
 * The built renderer's file for a URL path, with the headers to send it with; unknown paths get
 * index.html (the app routes itself). Shared by serve (HTTP) and the desktop window's protocol.
 */
export async function staticFile(root: string, pathname: string): Promise<StaticFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { status: 400, message: 'malformed path' };
  }
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  let file = join(root, rel);
  if (!file.startsWith(root + sep) && file !== root) return { status: 403, message: 'forbidden' };
  let info = await stat(file).catch(() => null);
  if (!info || info.isDirectory()) {
    file = join(root, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info) return { status: 404, message: 'The app is not built: run `npm run build` first.' };
  return {
    file,
    size: info.size,
    headers: {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600',
    },
  };
}

/** Serves the built renderer over HTTP (staticFile). */
export async function serveStatic(root: string, pathname: string, res: ServerResponse): Promise<void> {
  const found = await staticFile(root, pathname);
  if ('status' in found) {
    res.writeHead(found.status, { 'content-type': 'text/plain' }).end(found.message);
    return;
  }
  res.writeHead(200, { ...found.headers, 'content-length': found.size });
  createReadStream(found.file).pipe(res);
}
