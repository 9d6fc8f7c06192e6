import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { z } from 'zod';
import { channelMapSchema, transcriptSegmentSchema, type ChannelMap, type Transcript } from '../../shared/transcript';
import { TranscriptionError } from './errors';
import { mergeByTime } from './chunked-pipeline';

/**
 * `<recording-name>.transcript.json` next to a recording: a transcript from the telephony system or a person,
 * used instead of running an engine. Format in README.md.
 */
export const sidecarSchema = z.object({
  engine: z.string().optional(),
  model: z.string().optional(),
  language: z.string().optional(),
  durationS: z.number().nonnegative().optional(),
  channels: channelMapSchema.optional(),
  segments: z.array(transcriptSegmentSchema),
});
export type SidecarFile = z.infer<typeof sidecarSchema>;

/** call.wav -> call.transcript.json (also accepts call.wav.transcript.json, which some exporters write). */
export function sidecarCandidates(recordingPath: string): string[] {
  const dir = dirname(recordingPath);
  const name = basename(recordingPath);
  const stem = basename(recordingPath, extname(recordingPath));
  return [join(dir, `${stem}.transcript.json`), join(dir, `${name}.transcript.json`)];
}

async function readFirstExisting(paths: string[]): Promise<{ path: string; text: string } | undefined> {
  for (const path of paths) {
    try {
      return { path, text: await readFile(path, 'utf8') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return undefined;
}

/** Loads the sidecar transcript of a recording, or undefined if it has none. A malformed sidecar is an error, not ignored. */
export async function loadSidecarTranscript(recordingPath: string): Promise<(Transcript & { channels?: ChannelMap }) | undefined> {
  const found = await readFirstExisting(sidecarCandidates(recordingPath));
  if (!found) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(found.text);
  } catch (error) {
    throw new TranscriptionError('decode-failed', `sidecar ${found.path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = sidecarSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw new TranscriptionError('decode-failed', `sidecar ${found.path} is malformed at ${where}: ${issue?.message ?? 'invalid'}`);
  }
  const sidecar = parsed.data;
  for (const s of sidecar.segments) {
    if (s.end < s.start) throw new TranscriptionError('decode-failed', `sidecar ${found.path}: a segment ends (${s.end}) before it starts (${s.start})`);
  }
  const segments = mergeByTime(sidecar.segments);
  const lastEnd = segments.reduce((max, s) => Math.max(max, s.end), 0);
  return {
    engine: sidecar.engine ?? 'sidecar',
    model: sidecar.model ?? 'supplied',
    engineVersion: '',
    source: 'sidecar',
    language: sidecar.language ?? 'en',
    durationS: sidecar.durationS ?? lastEnd,
    segments,
    ...(sidecar.channels ? { channels: sidecar.channels } : {}),
  };
}
