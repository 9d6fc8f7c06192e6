/** What a WAV header says about its audio. */
export interface WavHeader {
  formatTag: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  bitsPerSample: number;
  /** Declared size of the data chunk; null while a recorder is still writing (0 or 0xFFFFFFFF). */
  dataBytes: number | null;
  dataOffset: number;
}

const FORMAT_NAMES: Record<number, string> = {
  1: 'PCM',
  3: 'IEEE float',
  6: 'A-law',
  7: 'mu-law',
  0xfffe: 'PCM (extensible)',
};

export function wavCodecName(tag: number): string {
  return FORMAT_NAMES[tag] ?? `WAV format 0x${tag.toString(16)}`;
}

/**
 * Reads the fmt and data chunks from the first bytes of a WAV file. Returns null when they are
 * not within `head` (a huge metadata chunk first, say), so the caller can fall back to a full parser.
 */
export function parseWavHeader(head: Buffer): WavHeader | null {
  let offset = 12;
  let fmt: Omit<WavHeader, 'dataBytes' | 'dataOffset'> | null = null;
  while (offset + 8 <= head.length) {
    const id = head.toString('latin1', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    if (id === 'fmt ' && offset + 24 <= head.length) {
      fmt = {
        formatTag: head.readUInt16LE(offset + 8),
        channels: head.readUInt16LE(offset + 10),
        sampleRate: head.readUInt32LE(offset + 12),
        byteRate: head.readUInt32LE(offset + 16),
        bitsPerSample: head.readUInt16LE(offset + 22),
      };
    }
    if (id === 'data') {
      if (!fmt) return null;
      return { ...fmt, dataBytes: size === 0 || size === 0xffffffff ? null : size, dataOffset: offset + 8 };
    }
    offset += 8 + size + (size % 2);
  }
  return null;
}
