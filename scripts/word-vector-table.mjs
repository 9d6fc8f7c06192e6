// The one writer of the trackers' word-vector tables (read by electron/trackers/word-vectors.ts):
// JSON with base64 payloads, so the bundler and tsx both import it statically like every other
// resource; each row int8 with its own scale (int8 value * scale = component).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `rows` (one number array of `dimensions` per word) as a table at `file`; returns its size in bytes. */
export function writeWordVectorTable(file, { note, dimensions, words, rows }) {
  const scales = Buffer.alloc(words.length * 4);
  const vectors = Buffer.alloc(words.length * dimensions);
  rows.forEach((row, i) => {
    const maxAbs = Math.max(...Array.from(row, Math.abs)) || 1;
    const scale = maxAbs / 127;
    scales.writeFloatLE(scale, i * 4);
    row.forEach((x, d) => vectors.writeInt8(Math.round(x / scale), i * dimensions + d));
  });
  const out = JSON.stringify({
    _note: note,
    dimensions,
    words: words.join(' '),
    scales: scales.toString('base64'),
    vectors: vectors.toString('base64'),
  });
  writeFileSync(file, out);
  return out.length;
}

/**
 * The tracker definitions' own words (examples, "not this", keywords) and the shared chatter's, so a
 * table keeps every word the trackers were written with. Definitions are the files with examples: the
 * folder also holds generated tables and models.
 */
export function trackerWords(trackersDir) {
  const words = new Set();
  const sources = readdirSync(trackersDir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => JSON.parse(readFileSync(join(trackersDir, n), 'utf8')))
    .filter((def) => Array.isArray(def.examples));
  sources.push(JSON.parse(readFileSync(join(trackersDir, 'background/chatter.json'), 'utf8')));
  for (const def of sources) {
    const texts = [...(def.examples ?? []), ...(def.notThis ?? []), ...(def.keywords ?? []), ...(def.sentences ?? [])];
    for (const t of texts) for (const w of t.toLowerCase().match(/[a-z']+/g) ?? []) words.add(w);
  }
  return words;
}
