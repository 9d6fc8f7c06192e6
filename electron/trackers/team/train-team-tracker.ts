import { cosine, sentenceFeatures, type SentenceFeatures } from '../sentence-features';
import { parseTrackerDefinition, type TrackerDefinition } from '../tracker-definition';
import type { TrackerModel } from '../tracker-model';
import { BACKGROUND_SENTENCES, BUILT_IN_TRACKER_DEFINITIONS, BUILT_IN_TRACKER_IDS } from '../train-tracker-set';
import { trainTracker } from '../train-tracker';
import { compileTracker, trackerProbability } from '../match-trackers';
import type { TeamTracker, TrackerQuality } from '../../../shared/api/trackers';

// The shared negatives are read once per process (about half a second), then every training reuses them.
const memo = new Map<string, SentenceFeatures>();
function features(text: string): SentenceFeatures {
  let f = memo.get(text);
  if (!f) {
    f = sentenceFeatures(text);
    // Kept as a copy: were sentenceFeatures' own objects kept, V8 would learn that what it allocates
    // lives long and allocate every later sentence's features straight in the old generation
    // (pretenuring), so a re-analysis after a save left about 100 MB of garbage for its one rare full GC.
    if (memo.size < 20_000) memo.set(text, { normal: f.normal, terms: f.terms.slice(), vector: f.vector.slice(), content: f.content.map((w) => ({ ...w })), company: f.company });
  }
  return f;
}

const BUILT_IN_EXAMPLES: readonly string[] = BUILT_IN_TRACKER_DEFINITIONS.flatMap((d) => d.examples);

/**
 * A built-in example this close in meaning to one of the team's examples says (much) the same
 * thing, so it is no evidence against the team's concept: a team's "talk to my wife first" is a
 * narrower objection, not its opposite. The built-ins mark such overlaps by hand (overlapsWith);
 * a supervisor cannot, so near-paraphrases are left out of the negatives instead.
 */
const SAME_MEANING_COSINE = 0.8;

/** What a team tracker learns must not match: the built-in concepts' examples (bar near-paraphrases) and ordinary chatter. */
function negativesFor(def: TrackerDefinition): string[] {
  const own = def.examples.map((e) => features(e).vector);
  const distinct = BUILT_IN_EXAMPLES.filter((b) => {
    const v = features(b).vector;
    return own.every((p) => cosine(p, v) < SAME_MEANING_COSINE);
  });
  return [...distinct, ...BACKGROUND_SENTENCES];
}

/** A stable id from a tracker's name: "Email me the quote!" -> "email_me_the_quote". */
export function trackerIdFromName(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  return slug || 'tracker';
}

/** The engine's definition of a team tracker: always an intent (counted per call), never a built-in's id. */
export function teamTrackerDefinition(t: TeamTracker): TrackerDefinition {
  const id = t.id ?? trackerIdFromName(t.name);
  if (BUILT_IN_TRACKER_IDS.has(id)) {
    throw new TeamTrackerError(`"${t.name}" would replace the built-in tracker "${id}": give the tracker another name`);
  }
  try {
    return parseTrackerDefinition({ id, label: t.name.trim(), speaker: t.speaker, kind: 'intent', keywords: t.keywords.map((k) => k.trim()).filter(Boolean), examples: t.examples, notThis: t.notThis });
  } catch (err) {
    throw new TeamTrackerError((err as Error).message);
  }
}

/** Something the supervisor can fix in the tracker (a message for them, not a crash). */
export class TeamTrackerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TeamTrackerError';
  }
}

export function trainTeamTracker(def: TrackerDefinition): TrackerModel {
  return trainTracker(def, { negatives: negativesFor(def), features });
}

const FOLDS = 3;

/**
 * Precision and recall on the tracker's own examples and "not this" sentences, each sentence judged
 * by a model trained without its fold: a model judging sentences it learnt from would score itself 1.0.
 */
export function trackerQuality(def: TrackerDefinition): TrackerQuality {
  const labelled = [...def.examples.map((s) => ({ s, yes: true })), ...def.notThis.map((s) => ({ s, yes: false }))];
  const base = { examples: def.examples.length, notThis: def.notThis.length };
  // With one example there is nothing left to train on when it is held out.
  if (def.examples.length < 2) return { ...base, precision: null, recall: null };
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let k = 0; k < FOLDS; k++) {
    const held = labelled.filter((_, i) => i % FOLDS === k);
    if (held.length === 0) continue;
    const kept = labelled.filter((_, i) => i % FOLDS !== k);
    const examples = kept.filter((x) => x.yes).map((x) => x.s);
    if (examples.length === 0) continue;
    const model = compileTracker(trainTeamTracker({ ...def, examples, notThis: kept.filter((x) => !x.yes).map((x) => x.s) }));
    for (const x of held) {
      const hit = trackerProbability(model, features(x.s)) >= model.model.threshold;
      if (hit && x.yes) tp++;
      else if (hit) fp++;
      else if (x.yes) fn++;
    }
  }
  return {
    ...base,
    precision: tp + fp > 0 ? tp / (tp + fp) : null,
    recall: tp + fn > 0 ? tp / (tp + fn) : null,
  };
}
