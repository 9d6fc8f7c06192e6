/**
 * music-metadata trusts a WAV header's sizes, so a file cut off mid-write would look whole.
 * Walks the RIFF chunks and compares the declared audio size with the bytes actually present.
 * Returns a reason when the file is truncated, else null.
 */
export function wavTruncationReason(head: Buffer, fileSize: number): string | null {
  let offset = 12;
  while (offset + 8 <= head.length) {
    const id = head.toString('latin1', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    if (id === 'data') {
      // Streaming recorders leave 0 or 0xFFFFFFFF until they finish; the size is then unknown, not wrong.
      if (size === 0 || size === 0xffffffff) return null;
      const present = fileSize - (offset + 8);
      if (present < size) {
        return `truncated WAV: the header declares ${size} bytes of audio but only ${Math.max(present, 0)} are present`;
      }
      return null;
    }
    offset += 8 + size + (size % 2);
  }
  if (offset + 8 > fileSize) return 'truncated WAV: the file ends before its audio data starts';
  return null;
}
