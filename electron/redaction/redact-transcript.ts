import type { Transcript, TranscriptSegment, TranscriptWord } from '../../shared/transcript';
import type { RedactionKind } from './detect';
import { redactTurns, type Replaced } from './redact-turns';
import { tokenize } from './spoken-numbers';

/** A stretch of the recording to silence, in seconds. */
export interface TimeSpan {
  start: number;
  end: number;
}

export interface RedactedTranscript {
  transcript: Transcript;
  /** Where the removed words were said, merged; empty when nothing was found. */
  times: TimeSpan[];
  count: number;
}

/** Words are timed only roughly (a frame or two, and a chunk's edges): the tone covers a little either side. */
const MARGIN_S = 0.25;

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * For each text token of a segment, the word it was recognised as (by its spelling, in order), so a
 * character range of the text maps to the words' times. Tokens with no word get none.
 */
function tokenWords(segment: TranscriptSegment): { start: number; end: number; word: TranscriptWord | undefined }[] {
  const words = segment.words ?? [];
  const wordTokens = words.flatMap((w) => tokenize(w.word).map((t) => ({ key: norm(t.text), word: w })));
  let cursor = 0;
  return tokenize(segment.text).map((t) => {
    const key = norm(t.text);
    for (let k = cursor; k < Math.min(wordTokens.length, cursor + 6); k++) {
      if (wordTokens[k]?.key === key) {
        cursor = k + 1;
        return { start: t.start, end: t.end, word: wordTokens[k]?.word };
      }
    }
    return { start: t.start, end: t.end, word: undefined };
  });
}

/** When a piece of a segment was said: its words' times, else its share of the segment by characters. */
function pieceTime(segment: TranscriptSegment, piece: Replaced, said: Set<TranscriptWord>): TimeSpan {
  const inside = tokenWords(segment).filter((t) => t.start < piece.end && piece.start < t.end && t.word);
  for (const t of inside) if (t.word) said.add(t.word);
  const first = inside[0]?.word;
  const last = inside[inside.length - 1]?.word;
  if (first && last && inside.length === tokenize(segment.text.slice(piece.start, piece.end)).length)
    return { start: first.start, end: last.end };
  const length = Math.max(1, segment.text.length);
  const span = segment.end - segment.start;
  return { start: segment.start + (piece.start / length) * span, end: segment.start + (piece.end / length) * span };
}

export function mergeTimes(times: readonly TimeSpan[]): TimeSpan[] {
  const out: TimeSpan[] = [];
  for (const t of [...times].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last && t.start <= last.end) last.end = Math.max(last.end, t.end);
    else out.push({ ...t });
  }
  return out;
}

/** The segment's words with those that spelled a removed piece, or were said during one, replaced by the label, once. */
function redactWords(words: readonly TranscriptWord[], removed: readonly (TimeSpan & { label: string })[], said: ReadonlySet<TranscriptWord>): TranscriptWord[] {
  // A word whose middle falls inside a removed stretch was part of it, whatever its spelling.
  const kept = words.filter((w) => !said.has(w) && !removed.some((r) => r.start <= (w.start + w.end) / 2 && (w.start + w.end) / 2 <= r.end));
  const labels = removed.map((r) => ({ word: r.label, start: r.start, end: r.end }));
  return [...kept, ...labels].sort((a, b) => a.start - b.start);
}

/** The transcript with every span of the given kinds replaced, in its text and its words, and where they were said. */
export function redactTranscript(transcript: Transcript, kinds: ReadonlySet<RedactionKind>): RedactedTranscript {
  if (kinds.size === 0) return { transcript, times: [], count: 0 };
  const result = redactTurns(transcript.segments, kinds);
  if (result.spans.length === 0) return { transcript, times: [], count: 0 };
  const times: TimeSpan[] = [];
  const segments = transcript.segments.map((segment, i) => {
    const replaced = result.replaced[i] ?? [];
    if (replaced.length === 0) return segment;
    const said = new Set<TranscriptWord>();
    const removed = replaced.map((p) => ({ ...pieceTime(segment, p, said), label: p.label }));
    times.push(...removed.map((r) => ({ start: Math.max(0, r.start - MARGIN_S), end: r.end + MARGIN_S })));
    const next: TranscriptSegment = { ...segment, text: result.texts[i] ?? segment.text };
    if (segment.words) next.words = redactWords(segment.words, removed, said);
    return next;
  });
  return { transcript: { ...transcript, segments }, times: mergeTimes(times), count: result.spans.length };
}
