import { transcriptSchema, type Transcript } from '../../../shared/transcript';

const AGENT = /^(agent|rep|representative|sales|salesperson|advisor|operator)$/i;
const CUSTOMER = /^(customer|caller|client|lead|prospect|contact|user)$/i;
const LINE = /^\s*(?:\[(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)\]\s*)?(?:([A-Za-z][\w .-]{0,30}?)\s*:\s+)?(.*)$/;
/** Conversational speech runs at about 150 words a minute. */
const WORDS_PER_SECOND = 2.5;

function speakerOf(label: string | undefined, previous: string): string {
  if (!label) return previous;
  if (AGENT.test(label.trim())) return 'agent';
  if (CUSTOMER.test(label.trim())) return 'customer';
  return 'speaker';
}

/**
 * A call_transcript cell: a JSON Transcript, or text with one "Speaker: words" line per turn,
 * optionally led by "[mm:ss]". Untimed lines get times spread by their word counts.
 */
export function transcriptFromCell(cell: string, durationS: number | null): Transcript {
  const trimmed = cell.trim();
  if (trimmed.startsWith('{')) return transcriptSchema.parse(JSON.parse(trimmed));
  const lines = trimmed.split(/\r?\n|(?<=[.?!])\s+(?=(?:agent|customer|caller|rep)\s*:)/i).filter((l) => l.trim());
  let speaker = 'speaker';
  const parsed = lines.map((l) => {
    const m = LINE.exec(l) ?? [];
    const stamp = m[3] !== undefined ? Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
    speaker = speakerOf(m[4], speaker);
    return { speaker, stamp, text: (m[5] ?? l).trim() };
  });
  const words = parsed.map((p) => Math.max(1, p.text.split(/\s+/).length));
  const totalWords = words.reduce((a, b) => a + b, 0);
  const spoken = totalWords / WORDS_PER_SECOND;
  const scale = durationS && durationS > spoken ? 1 : durationS ? durationS / spoken : 1;
  let t = 0;
  const segments = parsed.map((p, i) => {
    const start = p.stamp ?? t;
    const end = start + (words[i] as number) / WORDS_PER_SECOND * scale;
    t = end;
    return { speaker: p.speaker, start, end, text: p.text };
  });
  return {
    engine: 'import',
    model: 'text',
    engineVersion: '1',
    source: 'import',
    language: 'en',
    durationS: durationS ?? t,
    segments,
  };
}

/** "95", "95.5", "1:35" or "0:01:35" as seconds; null when unreadable. */
export function parseDuration(v: string): number | null {
  const t = v.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$/.exec(t);
  return m ? Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}
