import agentIntroduction from '../../resources/trackers/agent-introduction.json';
import appointmentBooked from '../../resources/trackers/appointment-booked.json';
import appointmentRequested from '../../resources/trackers/appointment-requested.json';
import appointmentRescheduled from '../../resources/trackers/appointment-rescheduled.json';
import chatter from '../../resources/trackers/background/chatter.json';
import publicConversations from '../../resources/trackers/background/public-conversations.json';
import callbackRequested from '../../resources/trackers/callback-requested.json';
import competitorMentioned from '../../resources/trackers/competitor-mentioned.json';
import nextStepsSummarised from '../../resources/trackers/next-steps-summarised.json';
import notInterested from '../../resources/trackers/not-interested.json';
import objection from '../../resources/trackers/objection.json';
import permissionToContinue from '../../resources/trackers/permission-to-continue.json';
import pricingAsked from '../../resources/trackers/pricing-asked.json';
import recordingDisclosure from '../../resources/trackers/recording-disclosure.json';
import voicemail from '../../resources/trackers/voicemail.json';
import wrongNumber from '../../resources/trackers/wrong-number.json';
import type { HeardLookup } from './heard-examples';
import { sentenceFeatures, type SentenceFeatures } from './sentence-features';
import { parseTrackerDefinition, type TrackerDefinition } from './tracker-definition';
import type { TrackerModel } from './tracker-model';
import { trainTracker, type StackedExpert } from './train-tracker';

/** The product's built-in intents and compliance statements, as written in resources/trackers. */
export const BUILT_IN_TRACKER_DEFINITIONS: readonly TrackerDefinition[] = [
  pricingAsked, appointmentRequested, appointmentBooked, appointmentRescheduled, callbackRequested,
  notInterested, objection, wrongNumber, competitorMentioned, voicemail,
  recordingDisclosure, agentIntroduction, permissionToContinue, nextStepsSummarised,
].map(parseTrackerDefinition);

/** Their ids, known without loading the trained models (built-in-models.json is trained from these definitions). */
export const BUILT_IN_TRACKER_IDS: ReadonlySet<string> = new Set(BUILT_IN_TRACKER_DEFINITIONS.map((d) => d.id));

/** Shared negatives: chatter written for the trackers, and real sentences from public conversation sets (sources and licences in the file). */
export const BACKGROUND_SENTENCES: readonly string[] = [
  ...chatter.sentences,
  ...publicConversations.banking77,
  ...publicConversations.persuasionforgood,
  ...publicConversations.abcd,
];

/**
 * Trains a set of trackers together: each learns against the others' examples (except those it
 * overlaps with) and the shared chatter, so "how much" for pricing is weighed against everything else.
 * With `heard`, each of those sentences the speech engine was heard saying differently adds its heard form too.
 */
export function trainTrackerSet(
  definitions: readonly TrackerDefinition[],
  background = BACKGROUND_SENTENCES,
  /** Off for the built-in models: heard forms cost text-side recall (concept-trackers.md, heard examples). */
  heard?: HeardLookup,
  /** None for the built-in models: the sentence-encoder experiment's (train-tracker.ts StackedExpert). */
  expert?: StackedExpert,
): TrackerModel[] {
  const memo = new Map<string, SentenceFeatures>();
  const features = (text: string): SentenceFeatures => {
    let f = memo.get(text);
    if (!f) memo.set(text, (f = sentenceFeatures(text)));
    return f;
  };
  return definitions.map((def) => {
    const others = definitions
      .filter((o) => o.id !== def.id && !def.overlapsWith.includes(o.id) && !o.overlapsWith.includes(def.id))
      .flatMap((o) => o.examples);
    return trainTracker(def, { negatives: [...others, ...background], features, heard, expert });
  });
}
