import { EVAL_CONCEPTS, type EvalConcept, type EvalSentence } from '../../fixtures/trackers/eval-set';

/** A sentence with its speaker and the concepts it says (from the eval set or the held-out set). */
export type LabelledSentence = Pick<EvalSentence, 'text' | 'speaker' | 'concepts'>;

/** Which concepts a matcher finds in one sentence said by the given side. */
export type ConceptMatcher = (sentence: LabelledSentence) => ReadonlySet<string>;

export interface ConceptFigures {
  concept: EvalConcept;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
}

export interface EvalFigures {
  perConcept: ConceptFigures[];
  macroRecall: number;
  macroPrecision: number;
  /** Share of hard negatives on which any concept was found. */
  falseAlarmRate: number;
  negatives: number;
}

/** Precision and recall per concept, macro recall and false alarms over the given sentences. */
export function scoreEvalSet(sentences: readonly LabelledSentence[], match: ConceptMatcher): EvalFigures {
  const found = sentences.map((s) => match(s));
  const perConcept = EVAL_CONCEPTS.map((concept): ConceptFigures => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    sentences.forEach((s, i) => {
      const truth = s.concepts.includes(concept);
      const hit = found[i]!.has(concept);
      if (truth && hit) tp++;
      else if (hit) fp++;
      else if (truth) fn++;
    });
    return {
      concept,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    };
  });
  const negatives = sentences.filter((s) => s.concepts.length === 0);
  const alarms = sentences.filter((s, i) => s.concepts.length === 0 && found[i]!.size > 0).length;
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
  return {
    perConcept,
    macroRecall: mean(perConcept.map((c) => c.recall)),
    macroPrecision: mean(perConcept.map((c) => c.precision)),
    falseAlarmRate: negatives.length ? alarms / negatives.length : 0,
    negatives: negatives.length,
  };
}
