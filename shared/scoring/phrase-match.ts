/** Lower-cases and straightens quotes so "I’m" in a transcript matches "i'm" in a pattern. */
export function normaliseText(text: string): string {
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A literal phrase, matched on word boundaries with any run of spaces between its words. */
export function literalPhraseRegExp(phrase: string): RegExp {
  const body = normaliseText(phrase).trim().split(' ').map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![a-z0-9])${body}(?![a-z0-9])`);
}

/** The sentence around a hit, trimmed to a readable length, for evidence. */
export function quoteAround(text: string, index: number, maxLen = 160): string {
  const before = text.lastIndexOf('.', index - 1);
  const from = Math.max(before + 1, index - maxLen / 2, 0);
  const afterDot = text.slice(index).search(/[.?!]/);
  const to = Math.min(afterDot >= 0 ? index + afterDot + 1 : text.length, from + maxLen);
  return text.slice(from, to).trim();
}

/**
 * Whether an utterance passes a speaker filter. A mono recording labels everyone "speaker"; since we
 * cannot tell who said it, such utterances pass any filter rather than hiding what was said.
 */
export function speakerMatches(filter: string, speaker: string): boolean {
  return filter === 'any' || speaker === filter || (speaker !== 'agent' && speaker !== 'customer');
}
