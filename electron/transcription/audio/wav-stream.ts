import { open, type FileHandle } from 'node:fs/promises';
import { TranscriptionError } from '../errors';

export type WavEncoding = 'pcm' | 'float' | 'alaw' | 'mulaw';

export interface WavHeader {
  encoding: WavEncoding;
  sampleRate: number;
  channelCount: number;
  bitsPerSample: number;
  dataOffset: number;
  dataBytes: number;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

function invalid(reason: string): TranscriptionError {
  return new TranscriptionError('decode-failed', `cannot decode: file is not a valid WAV (${reason})`);
}

/** Walks RIFF chunks with positioned reads, so a huge file's data is never loaded to find its header. */
export async function readWavHeader(handle: FileHandle, fileSize: number): Promise<WavHeader> {
  const riff = Buffer.alloc(12);
  await handle.read(riff, 0, 12, 0);
  const tag = riff.toString('ascii', 0, 4);
  if ((tag !== 'RIFF' && tag !== 'RF64') || riff.toString('ascii', 8, 12) !== 'WAVE') throw invalid('no RIFF/WAVE header');
  let position = 12;
  let format: Omit<WavHeader, 'dataOffset' | 'dataBytes'> | undefined;
  const chunkHead = Buffer.alloc(8);
  while (position + 8 <= fileSize) {
    await handle.read(chunkHead, 0, 8, position);
    const id = chunkHead.toString('ascii', 0, 4);
    const size = chunkHead.readUInt32LE(4);
    const body = position + 8;
    if (id === 'fmt ') {
      const fmt = Buffer.alloc(Math.min(size, 40));
      await handle.read(fmt, 0, fmt.length, body);
      format = parseFmt(fmt);
    } else if (id === 'data') {
      if (!format) throw invalid('data chunk before fmt chunk');
      // Recorders that crash leave size 0 or 0xFFFFFFFF (and RF64 keeps the real size elsewhere): trust the file size then.
      const available = fileSize - body;
      const dataBytes = size === 0 || size === 0xffffffff || size > available ? available : size;
      return { ...format, dataOffset: body, dataBytes };
    }
    position = body + size + (size % 2);
  }
  throw invalid(format ? 'no data chunk' : 'no fmt chunk');
}

function parseFmt(fmt: Buffer): Omit<WavHeader, 'dataOffset' | 'dataBytes'> {
  if (fmt.length < 16) throw invalid('fmt chunk too short');
  let formatTag = fmt.readUInt16LE(0);
  const channelCount = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const bitsPerSample = fmt.readUInt16LE(14);
  if (formatTag === FORMAT_EXTENSIBLE && fmt.length >= 26) formatTag = fmt.readUInt16LE(24);
  const encodings: Record<number, WavEncoding> = {
    [FORMAT_PCM]: 'pcm',
    [FORMAT_FLOAT]: 'float',
    [FORMAT_ALAW]: 'alaw',
    [FORMAT_MULAW]: 'mulaw',
  };
  const encoding = encodings[formatTag];
  if (!encoding) {
    throw new TranscriptionError('unsupported-format', `cannot decode: WAV format tag 0x${formatTag.toString(16)} is not supported (PCM, float, A-law and mu-law are)`);
  }
  if (channelCount < 1 || sampleRate < 1000) throw invalid(`bad fmt chunk: ${channelCount} channels at ${sampleRate} Hz`);
  const validBits: Record<WavEncoding, number[]> = { pcm: [8, 16, 24, 32], float: [32, 64], alaw: [8], mulaw: [8] };
  if (!validBits[encoding].includes(bitsPerSample)) throw invalid(`${bitsPerSample}-bit ${encoding} samples`);
  return { encoding, sampleRate, channelCount, bitsPerSample };
}

function mulawToFloat(byte: number): number {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return (sign ? -magnitude : magnitude) / 32768;
}

function alawToFloat(byte: number): number {
  const a = byte ^ 0x55;
  const sign = a & 0x80;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  let magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  magnitude = sign ? magnitude : -magnitude;
  return magnitude / 32768;
}

function sampleReader(header: WavHeader): (buf: Buffer, offset: number) => number {
  const { encoding, bitsPerSample } = header;
  if (encoding === 'mulaw') return (buf, o) => mulawToFloat(buf[o] ?? 0);
  if (encoding === 'alaw') return (buf, o) => alawToFloat(buf[o] ?? 0);
  if (encoding === 'float') return bitsPerSample === 32 ? (buf, o) => buf.readFloatLE(o) : (buf, o) => buf.readDoubleLE(o);
  switch (bitsPerSample) {
    case 8:
      return (buf, o) => ((buf[o] ?? 128) - 128) / 128;
    case 16:
      return (buf, o) => buf.readInt16LE(o) / 32768;
    case 24:
      return (buf, o) => buf.readIntLE(o, 3) / 8388608;
    default:
      return (buf, o) => buf.readInt32LE(o) / 2147483648;
  }
}

/**
 * Reads a WAV file's samples block by block from disk, deinterleaved to one Float32Array per channel,
 * so a long call never sits in memory whole.
 */
export async function* readWavBlocks(
  filePath: string,
  blockSeconds = 1,
): AsyncGenerator<{ header: WavHeader; channels: Float32Array[] }> {
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    const header = await readWavHeader(handle, size);
    const frameBytes = (header.bitsPerSample / 8) * header.channelCount;
    const framesPerBlock = Math.max(1, Math.round(header.sampleRate * blockSeconds));
    const buffer = Buffer.alloc(framesPerBlock * frameBytes);
    const read = sampleReader(header);
    const bytesPerSample = header.bitsPerSample / 8;
    const dataEnd = header.dataOffset + header.dataBytes;
    let position = header.dataOffset;
    while (position + frameBytes <= dataEnd) {
      const want = Math.min(buffer.length, Math.floor((dataEnd - position) / frameBytes) * frameBytes);
      const { bytesRead } = await handle.read(buffer, 0, want, position);
      if (bytesRead < frameBytes) break;
      const frames = Math.floor(bytesRead / frameBytes);
      const channels = Array.from({ length: header.channelCount }, () => new Float32Array(frames));
      for (let f = 0; f < frames; f++) {
        const base = f * frameBytes;
        for (let c = 0; c < header.channelCount; c++) {
          (channels[c] as Float32Array)[f] = read(buffer, base + c * bytesPerSample);
        }
      }
      position += frames * frameBytes;
      yield { header, channels };
    }
  } finally {
    await handle.close();
  }
}
