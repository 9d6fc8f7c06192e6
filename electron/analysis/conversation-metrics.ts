import type { ConversationMetrics } from '../../shared/scoring/call-features';

export interface TimedUtterance {
  speaker: string;
  start: number;
  end: number;
  text: string;
}

/** Overlaps shorter than this are back-channel noise from segment timing, not someone talking over. */
const INTERRUPTION_MIN_OVERLAP_S = 0.5;
const QUESTION_OPENERS =
  /^(who|what|when|where|why|how|which|can|could|would|will|do|does|did|is|are|was|were|have|has|should|may|shall)\b/i;

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Length of the union of intervals: time in which anybody was speaking. */
function coveredSeconds(spans: TimedUtterance[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = -1;
  let curEnd = -1;
  for (const s of sorted) {
    if (s.start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = s.start;
      curEnd = s.end;
    } else if (s.end > curEnd) curEnd = s.end;
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

export function countQuestions(text: string, transcriptHasQuestionMarks: boolean): number {
  const sentences = text.split(/(?<=[.?!])\s+/);
  let n = 0;
  for (const s of sentences) {
    const t = s.trim();
    if (!t) continue;
    // Unpunctuated engine output carries no '?', so fall back to how the sentence opens.
    if (t.endsWith('?') || (!transcriptHasQuestionMarks && QUESTION_OPENERS.test(t))) n++;
  }
  return n;
}

export function conversationMetrics(utterances: TimedUtterance[], durationS: number | null): ConversationMetrics {
  const sorted = [...utterances].filter((u) => u.end >= u.start).sort((a, b) => a.start - b.start);
  const bySpeaker = new Map<string, number>();
  for (const u of sorted) bySpeaker.set(u.speaker, (bySpeaker.get(u.speaker) ?? 0) + (u.end - u.start));
  const speech = [...bySpeaker.values()].reduce((a, b) => a + b, 0);
  const talkRatio: Record<string, number> = {};
  for (const [speaker, secs] of bySpeaker) talkRatio[speaker] = speech > 0 ? round(secs / speech) : 0;

  const lastEnd = sorted.reduce((m, u) => Math.max(m, u.end), 0);
  const span = durationS && durationS > 0 ? Math.max(durationS, lastEnd) : lastEnd;
  const silenceShare = span > 0 ? round(Math.max(0, 1 - coveredSeconds(sorted) / span)) : null;

  let overlaps = 0;
  let overlapS = 0;
  let interruptionsByAgent = 0;
  let interruptionsByCustomer = 0;
  // Latest end seen per speaker, so an overlap is judged against whoever was still talking.
  const talkingUntil = new Map<string, number>();
  for (const u of sorted) {
    for (const [other, until] of talkingUntil) {
      if (other === u.speaker || until <= u.start) continue;
      const overlap = Math.min(until, u.end) - u.start;
      overlaps++;
      overlapS += overlap;
      if (overlap >= INTERRUPTION_MIN_OVERLAP_S) {
        if (u.speaker === 'agent') interruptionsByAgent++;
        else if (u.speaker === 'customer') interruptionsByCustomer++;
      }
    }
    talkingUntil.set(u.speaker, Math.max(talkingUntil.get(u.speaker) ?? 0, u.end));
  }

  let turns = 0;
  let longestMonologueS = 0;
  let longestMonologueSpeaker: string | null = null;
  let runSpeaker: string | null = null;
  let runStart = 0;
  let runEnd = 0;
  const closeRun = (): void => {
    if (runSpeaker !== null && runEnd - runStart > longestMonologueS) {
      longestMonologueS = runEnd - runStart;
      longestMonologueSpeaker = runSpeaker;
    }
  };
  for (const u of sorted) {
    if (u.speaker !== runSpeaker) {
      closeRun();
      turns++;
      runSpeaker = u.speaker;
      runStart = u.start;
      runEnd = u.end;
    } else runEnd = Math.max(runEnd, u.end);
  }
  closeRun();

  const hasQuestionMarks = sorted.some((u) => u.text.includes('?'));
  let questionsAgent = 0;
  let questionsCustomer = 0;
  for (const u of sorted) {
    const q = countQuestions(u.text, hasQuestionMarks);
    if (u.speaker === 'agent') questionsAgent += q;
    else if (u.speaker === 'customer') questionsCustomer += q;
  }

  const rolesKnown = bySpeaker.has('agent') || bySpeaker.has('customer');
  return {
    turns,
    talkRatio,
    agentTalkRatio: speech > 0 && rolesKnown ? (talkRatio.agent ?? 0) : null,
    customerTalkRatio: speech > 0 && rolesKnown ? (talkRatio.customer ?? 0) : null,
    silenceShare,
    overlapS: round(overlapS),
    overlaps,
    interruptionsByAgent: rolesKnown ? interruptionsByAgent : null,
    interruptionsByCustomer: rolesKnown ? interruptionsByCustomer : null,
    longestMonologueS: round(longestMonologueS),
    longestMonologueSpeaker,
    questionsAgent: rolesKnown ? questionsAgent : null,
    questionsCustomer: rolesKnown ? questionsCustomer : null,
  };
}
