import { detectSpans, REDACTION_LABEL, type DetectedSpan, type RedactionKind, type Turn } from './detect';
import { digitRuns, tokenize, type Token } from './spoken-numbers';

/** A replaced piece of one turn's text, with the label that took its place. */
export interface Replaced {
  turn: number;
  start: number;
  end: number;
  label: string;
}

export interface RedactedTurns {
  texts: string[];
  spans: DetectedSpan[];
  /** Per turn, what was replaced (offsets into the original text), in order. */
  replaced: Replaced[][];
}

/** Replaces the given pieces of each turn's text by labels; overlapping pieces become one. */
export function replacePieces(turns: readonly Turn[], pieces: readonly Replaced[]): { texts: string[]; replaced: Replaced[][] } {
  const byTurn: Replaced[][] = turns.map(() => []);
  for (const p of [...pieces].sort((a, b) => a.turn - b.turn || a.start - b.start)) {
    const list = byTurn[p.turn];
    if (!list) continue;
    const last = list[list.length - 1];
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else list.push({ ...p });
  }
  const texts = turns.map((t, i) => {
    let out = '';
    let at = 0;
    for (const r of byTurn[i] ?? []) {
      out += t.text.slice(at, r.start) + r.label;
      at = r.end;
    }
    return out + t.text.slice(at);
  });
  return { texts, replaced: byTurn };
}

/** The conversation with every span of the given kinds replaced by its label. */
export function redactTurns(turns: readonly Turn[], kinds: ReadonlySet<RedactionKind>): RedactedTurns {
  const spans = detectSpans(turns, { kinds });
  const pieces = spans.flatMap((s) => s.pieces.map((p) => ({ ...p, label: REDACTION_LABEL[s.kind] })));
  return { spans, ...replacePieces(turns, pieces) };
}

function ibanValid(raw: string): boolean {
  const s = raw.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  let rem = 0;
  for (const ch of s.slice(4) + s.slice(0, 4)) {
    const v = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem === 1;
}

/** Written IBANs (mod-97 checked): letters and digits mixed, so the number reader only sees their tail. */
function ibanPieces(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{2,4}){3,8}\b/gi)) {
    // The pattern may swallow a following word ("… 32 and"): the longest prefix that checks out.
    const parts = m[0].split(/(?=\s)/);
    for (let k = parts.length; k >= 3; k--) {
      const candidate = parts.slice(0, k).join('');
      if (ibanValid(candidate)) {
        out.push({ start: m.index, end: m.index + candidate.length });
        break;
      }
    }
  }
  return out;
}

/** Any run of nine or more digits left after the detector: taken out before text leaves the machine. */
function longNumberPieces(text: string): { start: number; end: number }[] {
  const toks = tokenize(text);
  const tokens: Token[] = toks.map((t, index) => ({ text: t.text, lower: t.text.toLowerCase(), index, gapBefore: t.gap }));
  return digitRuns(tokens)
    .filter((r) => r.digits.length >= 9)
    .map((r) => ({ start: toks[r.first]?.start ?? 0, end: toks[r.last]?.end ?? 0 }));
}

/**
 * What goes to OpenAI: every kind, IBANs, and then any long number at all, since a question
 * answered without a long number costs little and a card sent away cannot be taken back.
 */
export function redactForOutbound(turns: readonly Turn[]): { texts: string[]; count: number } {
  let count = 0;
  const withoutIbans = turns.map((t) => {
    const found = ibanPieces(t.text).map((p) => ({ ...p, turn: 0, label: '[IBAN]' }));
    count += found.length;
    return { speaker: t.speaker, text: replacePieces([t], found).texts[0] ?? t.text };
  });
  const detected = redactTurns(withoutIbans, new Set(['card', 'ssn', 'bank_account', 'email', 'address']));
  count += detected.spans.length;
  const texts = detected.texts.map((text) => {
    const rest = longNumberPieces(text).map((p) => ({ ...p, turn: 0, label: '[NUMBER]' }));
    count += rest.length;
    return replacePieces([{ speaker: '', text }], rest).texts[0] ?? text;
  });
  return { texts, count };
}
