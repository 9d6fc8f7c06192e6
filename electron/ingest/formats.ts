import { extname } from 'node:path';

export const RECORDING_EXTENSIONS = ['.wav', '.mp3', '.m4a', '.ogg', '.flac', '.opus'] as const;

export function isRecordingPath(path: string): boolean {
  return (RECORDING_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase());
}

export type Container = 'wav' | 'mp3' | 'flac' | 'ogg' | 'm4a';

/** Identifies the container from the first bytes, so a misnamed or non-audio file is caught early. */
export function sniffContainer(head: Buffer): Container | null {
  const ascii = (from: number, to: number): string => head.subarray(from, to).toString('latin1');
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (ascii(4, 8) === 'ftyp') return 'm4a';
  if (ascii(0, 3) === 'ID3') return 'mp3';
  // An MPEG audio frame starts with 11 set sync bits.
  if (head.length >= 2 && head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0) return 'mp3';
  return null;
}
