import type { Evidence, IntentHit, Turn } from '../../shared/scoring/call-features';

/**
 * Signals read from the shape of a call rather than from its words, so they hold when the speech
 * engine half-hears what was said (docs/design/structural-call-signals.md):
 *  - voicemail: an outbound call on which only the agent spoke. The customer's side was recorded
 *    (a stereo call with a customer channel) or the recording holds the agent alone (a mono file
 *    whose channel map names only the agent), and nobody answered: a message left, not a talk.
 *  - no_engagement: a short call on which the customer, who was recorded, said almost nothing: a
 *    wrong number, a hang-up, a "not now" — no conversation to qualify the lead on.
 *  - a live dialogue is no voicemail: when the agent and the recorded customer take turns back and
 *    forth, somebody answered, so a voicemail the trackers heard in a line ("we'll call you back
 *    tomorrow" said live sounds like a greeting's "we'll get back to you") is dropped.
 * The limits are set from what a conversation needs, not fitted to any set of calls: one greeting
 * and answer take about half a minute, a caller with a need says more than a dozen words, and a
 * voicemail changes speaker at most twice (the agent's "hello?", the greeting, the message).
 */
export const SHORT_CALL_S = 30;
/** The intents this module may add: a team re-track (trackers/team/retrack-call.ts) keeps them. */
export const STRUCTURAL_INTENT_IDS: ReadonlySet<string> = new Set(['voicemail', 'no_engagement']);
export const FEW_CUSTOMER_WORDS = 12;
/** Changes between agent and customer from which a call is a live dialogue (see above). */
export const LIVE_DIALOGUE_CHANGES = 3;

export interface RecordingShape {
  direction: string | null;
  durationS: number | null;
  /** Channels of the recording; null when unknown. */
  channels: number | null;
  /** Who is on which channel, as the call's sidecar or setting said; null when not said. */
  channelMap: { left?: string; right?: string } | null;
}

/** The recording holds the agent alone: a mono file whose map names the agent and nobody else. */
export function agentOnlyRecording(shape: RecordingShape): boolean {
  const map = shape.channelMap;
  return shape.channels === 1 && map?.left === 'agent' && map.right === undefined;
}

/** The customer's voice would be in the transcript if they spoke: a stereo call with a customer channel. */
function customerRecorded(shape: RecordingShape): boolean {
  if (shape.channels === null || shape.channels < 2) return false;
  const map = shape.channelMap ?? { left: 'agent', right: 'customer' };
  return map.left === 'customer' || (map.right ?? 'customer') === 'customer';
}

const words = (text: string): number => text.split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w)).length;

function evidenceOf(turn: Turn, why: string): Evidence {
  return { quote: `${why}: "${turn.text}"`, start: turn.start, speaker: turn.speaker };
}

/** The agent and the customer took turns back and forth: somebody answered the call. */
export function liveDialogue(turns: readonly Turn[]): boolean {
  let changes = 0;
  let last: string | undefined;
  for (const t of turns) {
    if (t.speaker !== 'agent' && t.speaker !== 'customer') continue;
    if (last !== undefined && t.speaker !== last) changes += 1;
    last = t.speaker;
  }
  return changes >= LIVE_DIALOGUE_CHANGES;
}

/** The structural intents of a call whose turns are already labelled by speaker. */
export function structuralIntents(turns: readonly Turn[], shape: RecordingShape): IntentHit[] {
  if (turns.length === 0) return [];
  const out: IntentHit[] = [];
  const customer = turns.filter((t) => t.speaker === 'customer');
  const agent = turns.filter((t) => t.speaker === 'agent');
  const oneSided = agentOnlyRecording(shape) || (customerRecorded(shape) && customer.length === 0);
  if (shape.direction === 'outbound' && oneSided && agent.length > 0) {
    out.push({ id: 'voicemail', count: 1, evidence: [evidenceOf(agent[0] as Turn, 'only the agent spoke on this outbound call')] });
  }
  const spoken = customer.reduce((n, t) => n + words(t.text), 0);
  const short = shape.durationS !== null && shape.durationS < SHORT_CALL_S;
  if (short && customerRecorded(shape) && customer.length > 0 && spoken < FEW_CUSTOMER_WORDS) {
    const said = customer.map((t) => t.text).join(' / ');
    const first = customer[0] as Turn;
    out.push({
      id: 'no_engagement',
      count: 1,
      evidence: [{ quote: `the customer said ${spoken} words in ${Math.round(shape.durationS as number)} s: "${said}"`, start: first.start, speaker: 'customer' }],
    });
  }
  return out;
}

/** What a customer says when they turn a call away: these do not make a short call a conversation. */
const TURNING_AWAY: ReadonlySet<string> = new Set(['not_interested', 'wrong_number']);

/**
 * Tracker intents with the structural ones added; a concept the trackers heard keeps their quotes
 * first. A short call in which the trackers heard the customer ask for something ("call me back
 * tomorrow", a price) was engaged however few its words, so no_engagement is left out then; a live
 * dialogue (liveDialogue) drops a voicemail the trackers heard.
 */
export function withStructuralIntents(tracked: readonly IntentHit[], structural: readonly IntentHit[], live = false): IntentHit[] {
  const out = tracked.filter((i) => !(live && i.id === 'voicemail')).map((i) => ({ ...i, evidence: [...i.evidence] }));
  const customerAsked = tracked.some((i) => !TURNING_AWAY.has(i.id) && !STRUCTURAL_INTENT_IDS.has(i.id) && i.evidence.some((e) => e.speaker === 'customer'));
  for (const s of structural) {
    if (s.id === 'no_engagement' && customerAsked) continue;
    const hit = out.find((i) => i.id === s.id);
    if (hit) hit.evidence.push(...s.evidence);
    else out.push(s);
  }
  return out;
}
