import type { WavHeader } from './wav-header';

/**
 * A WAV header's sizes are trusted by most readers, so a file cut off mid-write would look whole.
 * Compares the declared audio size with the bytes actually present; a reason when truncated, else null.
 */
export function wavTruncationReason(header: WavHeader, fileSize: number): string | null {
  if (header.dataBytes === null) return null;
  const present = fileSize - header.dataOffset;
  if (present < header.dataBytes) {
    return `truncated WAV: the header declares ${header.dataBytes} bytes of audio but only ${Math.max(present, 0)} are present`;
  }
  return null;
}
