import { classifyRun, type NumberKind } from './classify';
import { findAddresses, findEmails } from './contact-details';
import { digitRuns, tokenize, type Token } from './spoken-numbers';

/**
 * The one detector of what must not be kept: card numbers, SSNs and bank accounts (and, when asked,
 * emails and street addresses) in a conversation of turns. A number read out in pieces across turns
 * ("4111 1111" / "mm-hm" / "1111 1111") is one number: each speaker's words form one stream, and a
 * turn continues its speaker's previous one when at most two turns of others came between.
 */

export type RedactionKind = NumberKind | 'email' | 'address';
export const REDACTION_KINDS: readonly RedactionKind[] = ['card', 'ssn', 'bank_account', 'email', 'address'];

export const REDACTION_LABEL: Record<RedactionKind, string> = {
  card: '[CARD NUMBER]',
  ssn: '[SSN]',
  bank_account: '[BANK ACCOUNT]',
  email: '[EMAIL]',
  address: '[ADDRESS]',
};

export interface Turn {
  speaker: string;
  text: string;
}

/** Characters [start, end) of one turn's text. */
export interface SpanPiece {
  turn: number;
  start: number;
  end: number;
}

export interface DetectedSpan {
  kind: RedactionKind;
  /** One piece per turn the span touches, in order. */
  pieces: SpanPiece[];
}

/** How many turns of others may come between two pieces of one number. */
const MAX_TURNS_BETWEEN = 2;
/** Words before a number that may tell what it is (they may come from the other speaker's question). */
const CONTEXT_WORDS = 20;

interface Located {
  turn: number;
  start: number;
  end: number;
  /** Position among all tokens of the conversation. */
  global: number;
}

/** Every token of every turn, in order, with where it came from. */
function locateTokens(turns: readonly Turn[]): { tokens: Token[]; where: Located[] } {
  const tokens: Token[] = [];
  const where: Located[] = [];
  for (const [turn, t] of turns.entries()) {
    for (const [k, tok] of tokenize(t.text).entries()) {
      const global = tokens.length;
      tokens.push({ text: tok.text, lower: tok.text.toLowerCase(), index: global, gapBefore: k === 0 ? '\u0000' : tok.gap });
      where.push({ turn, start: tok.start, end: tok.end, global });
    }
  }
  return { tokens, where };
}

/** One speaker's tokens; a turn's first token joins the previous turn's last only when they are close. */
function speakerStream(turns: readonly Turn[], speaker: string, tokens: readonly Token[], where: readonly Located[]): { stream: Token[]; globals: number[] } {
  const stream: Token[] = [];
  const globals: number[] = [];
  let lastTurn = -Infinity;
  for (const [g, tok] of tokens.entries()) {
    const loc = where[g];
    if (!loc || turns[loc.turn]?.speaker !== speaker) continue;
    let gapBefore = tok.gapBefore;
    if (gapBefore === '\u0000') {
      const othersBetween = loc.turn - lastTurn - 1;
      gapBefore = othersBetween <= MAX_TURNS_BETWEEN ? null : '\u0000';
    }
    lastTurn = loc.turn;
    stream.push({ ...tok, index: stream.length, gapBefore });
    globals.push(g);
  }
  return { stream, globals };
}

/** The pieces, one per turn, covering global tokens first..last of one stream. */
function piecesOf(globalIds: readonly number[], where: readonly Located[]): SpanPiece[] {
  const pieces: SpanPiece[] = [];
  for (const g of globalIds) {
    const loc = where[g];
    if (!loc) continue;
    const last = pieces[pieces.length - 1];
    if (last && last.turn === loc.turn) last.end = loc.end;
    else pieces.push({ turn: loc.turn, start: loc.start, end: loc.end });
  }
  return pieces;
}

/** Numbers to remove, found speaker by speaker. */
function numberSpans(turns: readonly Turn[], tokens: readonly Token[], where: readonly Located[]): DetectedSpan[] {
  const spans: DetectedSpan[] = [];
  for (const speaker of new Set(turns.map((t) => t.speaker))) {
    const { stream, globals } = speakerStream(turns, speaker, tokens, where);
    for (const run of digitRuns(stream)) {
      if (run.digits.length < 6) continue;
      const firstGlobal = globals[run.first] ?? 0;
      const before = tokens.slice(Math.max(0, firstGlobal - CONTEXT_WORDS), firstGlobal);
      for (const c of classifyRun(run, stream, before)) {
        const from = run.chunks[c.firstChunk]?.first ?? run.first;
        const to = run.chunks[c.lastChunk]?.last ?? run.last;
        spans.push({ kind: c.kind, pieces: piecesOf(globals.slice(from, to + 1), where) });
      }
    }
  }
  return spans;
}

export interface DetectOptions {
  kinds: ReadonlySet<RedactionKind>;
}

/** Every span to remove in a conversation, of the kinds asked for. */
export function detectSpans(turns: readonly Turn[], options: DetectOptions): DetectedSpan[] {
  const { tokens, where } = locateTokens(turns);
  const spans = numberSpans(turns, tokens, where).filter((s) => options.kinds.has(s.kind));
  if (options.kinds.has('email')) spans.push(...findEmails(turns));
  if (options.kinds.has('address')) spans.push(...findAddresses(turns));
  return spans;
}
