import { open } from 'node:fs/promises';
import { TranscriptionError } from '../errors';

export type AudioFormat = 'wav' | 'mp3' | 'flac' | 'ogg-vorbis' | 'ogg-opus' | 'm4a';

const HEAD_BYTES = 4096;

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

/** MPEG audio frame sync: 11 set bits, a valid layer and bitrate index. */
function isMpegFrameSync(bytes: Uint8Array, at: number): boolean {
  const b0 = bytes[at];
  const b1 = bytes[at + 1];
  const b2 = bytes[at + 2];
  if (b0 === undefined || b1 === undefined || b2 === undefined) return false;
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return false;
  const layer = (b1 >> 1) & 0x3;
  const bitrate = b2 >> 4;
  const rate = (b2 >> 2) & 0x3;
  return layer !== 0 && bitrate !== 0xf && rate !== 0x3;
}

function skipId3(bytes: Uint8Array): number {
  if (ascii(bytes, 0, 3) !== 'ID3' || bytes.length < 10) return 0;
  // ID3v2 size is a 28-bit "syncsafe" integer.
  const size = ((bytes[6] ?? 0) << 21) | ((bytes[7] ?? 0) << 14) | ((bytes[8] ?? 0) << 7) | (bytes[9] ?? 0);
  return 10 + size;
}

export function sniffAudioFormat(head: Uint8Array, extension: string): AudioFormat {
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WAVE') return 'wav';
  if (ascii(head, 0, 4) === 'RF64' && ascii(head, 8, 4) === 'WAVE') return 'wav';
  if (ascii(head, 0, 4) === 'fLaC') return 'flac';
  if (ascii(head, 0, 4) === 'OggS') {
    if (ascii(head, 28, 8) === 'OpusHead') return 'ogg-opus';
    if (ascii(head, 29, 6) === 'vorbis') return 'ogg-vorbis';
    throw new TranscriptionError('unsupported-format', 'cannot decode: Ogg file holds neither Vorbis nor Opus audio');
  }
  if (ascii(head, 4, 4) === 'ftyp') return 'm4a';
  const id3End = skipId3(head);
  if (id3End > 0 || isMpegFrameSync(head, 0)) return 'mp3';
  return failByExtension(head, extension);
}

function failByExtension(head: Uint8Array, extension: string): never {
  const ext = extension.toLowerCase().replace(/^\./, '');
  if (head.length === 0) throw new TranscriptionError('decode-failed', 'cannot decode: file is empty');
  const reasons: Record<string, string> = {
    wav: 'file is not a valid WAV (no RIFF/WAVE header)',
    mp3: 'file is not a valid MP3 (no frame sync found)',
    flac: 'file is not a valid FLAC (no fLaC marker)',
    ogg: 'file is not a valid Ogg (no OggS page header)',
    opus: 'file is not a valid Ogg Opus (no OggS page header)',
    oga: 'file is not a valid Ogg (no OggS page header)',
    m4a: 'file is not a valid M4A/MP4 (no ftyp box)',
    mp4: 'file is not a valid M4A/MP4 (no ftyp box)',
    aac: 'raw ADTS AAC is not supported; wrap it in .m4a',
  };
  const reason = reasons[ext];
  if (reason) throw new TranscriptionError('decode-failed', `cannot decode: ${reason}`);
  throw new TranscriptionError(
    'unsupported-format',
    `cannot decode: unrecognised audio format${ext ? ` (.${ext})` : ''}; supported: wav, mp3, flac, ogg (vorbis), opus, m4a (AAC)`,
  );
}

export async function readHead(filePath: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TranscriptionError('file-not-found', `audio file not found: ${filePath}`);
    if (code === 'EISDIR') throw new TranscriptionError('decode-failed', `cannot decode: ${filePath} is a directory`);
    throw error;
  }
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
