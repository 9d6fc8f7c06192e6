import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { channelMapSchema } from '../../shared/transcript';

const isoDate = z.string().refine((s) => {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s)) return false;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return false;
  // Date() rolls 2026-02-30 over to March; a real date survives the round trip of its calendar part.
  const [y, m, day] = s.slice(0, 10).split('-').map(Number);
  const probe = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, day ?? 1));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() + 1 === m && probe.getUTCDate() === day;
}, 'is not a real ISO 8601 date and time');

/** The optional `<recording-name>.json` beside a recording. Every field is optional. */
export const sidecarSchema = z.object({
  external_id: z.string().min(1).optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  started_at: isoDate.optional(),
  agent: z.string().optional(),
  campaign: z.string().optional(),
  lead: z
    .object({
      lead_id: z.string().min(1).optional(),
      first_name: z.string().optional(),
      last_name: z.string().optional(),
      company: z.string().optional(),
      email: z.string().optional(),
      lead_source: z.string().optional(),
    })
    .optional(),
  channels: channelMapSchema.optional(),
});
export type Sidecar = z.infer<typeof sidecarSchema>;

export class BadSidecarError extends Error {}

export function sidecarPathFor(recordingPath: string): string {
  return recordingPath.replace(/\.[^./\\]+$/, '') + '.json';
}

/** Parses sidecar bytes; every failure names the file's problem precisely. */
export function parseSidecar(bytes: Buffer, name: string): Sidecar {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadSidecarError(`sidecar ${name} is not valid UTF-8 text`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new BadSidecarError(`sidecar ${name} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = sidecarSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new BadSidecarError(`sidecar ${name}: field "${where}" ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data;
}

/** Reads the sidecar if there is one; null when the recording has none. */
export async function readSidecar(recordingPath: string): Promise<Sidecar | null> {
  const path = sidecarPathFor(recordingPath);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new BadSidecarError(`sidecar ${path} cannot be read: ${(err as Error).message}`);
  }
  return parseSidecar(bytes, path.split(/[\\/]/).pop() ?? path);
}
