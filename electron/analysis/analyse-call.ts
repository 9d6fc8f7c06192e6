import type { Transcript } from '../../shared/transcript';
import {
  CALL_FEATURES_VERSION,
  type AttributeValue,
  type CallFeatures,
  type Turn,
} from '../../shared/scoring/call-features';
import { locateNumber, localHourAndWeekday } from './caller-location';
import { conversationMetrics } from './conversation-metrics';
import { builtInTrackers } from '../trackers/built-in-trackers';
import { trackCall } from '../trackers/call-trackers';
import { trackersUnderstand } from '../trackers/tracker-language';
import type { CompiledTracker } from '../trackers/match-trackers';
import { extractKeyphrases } from './keyphrases';
import { MONO_SPEAKER } from '../transcription/speakers';
import { agentOnlyRecording, liveDialogue, structuralIntents, withStructuralIntents, type RecordingShape } from './structural-signals';
import { summariseSentiment, turnSentiment } from './sentiment';

export interface CallMetadata {
  durationS: number | null;
  startedAt: string | null;
  direction: string | null;
  fromNumber: string | null;
  toNumber: string | null;
  agent: string | null;
  campaign: string | null;
  /** Channels of the recording and who is on which, when known: the call's shape (structural-signals.ts). */
  channels?: number | null;
  channelMap?: { left?: string; right?: string } | null;
}

export interface LeadContext {
  /** Calls from this lead before this one. */
  priorCalls: number;
  leadSource: string | null;
  attributes: Record<string, unknown>;
}

export interface AnalyseCallInput {
  transcript: Transcript | null;
  call: CallMetadata;
  lead: LeadContext;
  /** The concept trackers to run; the built-in ones when absent. */
  trackers?: readonly CompiledTracker[];
}

function toAttributeValue(v: unknown): AttributeValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return JSON.stringify(v);
}

/** The caller is whoever is not us: the dialled number on outbound calls, the calling one otherwise. */
function callerNumber(call: CallMetadata): string | null {
  return call.direction === 'outbound' ? call.toNumber : (call.fromNumber ?? call.toNumber);
}

export function analyseCall(input: AnalyseCallInput): CallFeatures {
  const { transcript, call, lead } = input;
  const segments = transcript?.segments ?? [];
  const durationS = call.durationS ?? (transcript ? transcript.durationS : null);
  const shape: RecordingShape = {
    direction: call.direction,
    durationS: durationS,
    channels: call.channels ?? null,
    channelMap: call.channelMap ?? null,
  };
  // A mono recording of the agent alone: its one voice is the agent's, not an unknown speaker.
  const soleAgent = agentOnlyRecording(shape);
  const turns: Turn[] = segments
    .filter((s) => s.text.trim().length > 0)
    .map((s) => ({
      speaker: soleAgent && s.speaker === MONO_SPEAKER ? 'agent' : s.speaker,
      start: s.start,
      end: s.end,
      text: s.text.trim(),
      sentiment: turnSentiment(s.text),
    }));
  const { keywords, keyphrases } = extractKeyphrases(turns.map((t) => t.text));
  const location = locateNumber(callerNumber(call));
  const local = localHourAndWeekday(call.startedAt, location.timeZone);
  const english = !transcript || trackersUnderstand(transcript.language);
  const tracked = trackCall(english ? turns : [], input.trackers ?? builtInTrackers(), call.campaign);
  const attributes: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(lead.attributes)) attributes[k] = toAttributeValue(v);

  return {
    version: CALL_FEATURES_VERSION,
    durationS,
    hasTranscript: turns.length > 0,
    conversation: conversationMetrics(turns, durationS),
    sentiment: summariseSentiment(turns),
    keywords,
    keyphrases,
    intents: withStructuralIntents(tracked.intents, english ? structuralIntents(turns, shape) : [], liveDialogue(turns)),
    script: tracked.script,
    caller: {
      isRepeat: lead.priorCalls > 0,
      priorCalls: lead.priorCalls,
      callCount: lead.priorCalls + 1,
      country: location.country,
      region: location.region,
      timeZone: location.timeZone,
      localHour: local.hour,
      localWeekday: local.weekday,
      direction: call.direction,
      agent: call.agent,
      campaign: call.campaign,
      leadSource: lead.leadSource,
      attributes,
    },
    turns,
  };
}
