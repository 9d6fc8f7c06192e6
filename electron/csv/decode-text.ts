import { isUtf8 } from 'node:buffer';
import { CsvError } from './csv-error';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The byte index of the first byte that is not part of a valid UTF-8 sequence, or -1. */
function firstBadUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    // Overlong forms and surrogates, which a strict decoder refuses too.
    const next = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && next < 0xa0) || (b === 0xed && next > 0x9f) || (b === 0xf0 && next < 0x90) || (b === 0xf4 && next > 0x8f))
      return i;
    i += need + 1;
  }
  return -1;
}

/**
 * The text of a CSV file. UTF-8 (with or without a byte-order mark) is read as it is, and UTF-16
 * with its byte-order mark (Excel's "Unicode text") is decoded; anything else is refused with the
 * line where it goes wrong, before a row is read: a Latin-1 "é" read as UTF-8 would be stored as
 * "\uFFFD" and the name lost.
 */
export function decodeCsvText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 'utf-16be');
  const body = UTF8_BOM.every((b, i) => bytes[i] === b) ? bytes.subarray(3) : bytes;
  const nul = body.indexOf(0);
  if (nul >= 0) {
    throw new CsvError(
      'the file holds NUL bytes: it looks like UTF-16 without a byte-order mark (or is not a text file); save it as CSV UTF-8 and import again',
      lineAt(body, nul),
    );
  }
  if (isUtf8(body)) return new TextDecoder('utf-8').decode(body);
  const bad = firstBadUtf8(body);
  const line = lineAt(body, bad);
  const lineStart = body.lastIndexOf(0x0a, bad - 1) + 1;
  const lineEnd = body.indexOf(0x0a, bad);
  const shown = new TextDecoder('utf-8').decode(body.subarray(lineStart, lineEnd < 0 ? body.length : lineEnd)).trim().slice(0, 80);
  throw new CsvError(
    `line ${line} is not UTF-8 (byte 0x${(body[bad] ?? 0).toString(16).padStart(2, '0')} in "${shown}"): ` +
      'the file mixes encodings, perhaps Latin-1 or Windows-1252 text in a UTF-8 file; save it as CSV UTF-8 and import again',
    line,
  );
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(2));
  } catch {
    throw new CsvError(
      `the file starts as ${encoding.toUpperCase()} (its byte-order mark says so) but is not valid ${encoding.toUpperCase()} throughout: save it as CSV UTF-8 and import again`,
    );
  }
}

/** 1-based line of a byte offset. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
