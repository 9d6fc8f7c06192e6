import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EVAL_CONCEPT_SPEAKER,
  EVAL_CONCEPTS,
  EVAL_SPLITS,
  type EvalSentence,
  evalSentences,
  evalSplit,
  evalStratum,
  loadEvalSentences,
  parseEvalSentences,
} from '../../fixtures/trackers/eval-set';
import { tempDir } from '../../fixtures/temp';

const positivesOf = (sentences: readonly EvalSentence[], concept: string) =>
  sentences.filter((s) => (s.concepts as readonly string[]).includes(concept));
const negativesOf = (sentences: readonly EvalSentence[]) => sentences.filter((s) => s.concepts.length === 0);

describe('the concept-tracker evaluation set', () => {
  const all = evalSentences();

  it('has at least 30 positives for every concept and at least 150 hard negatives', () => {
    for (const concept of EVAL_CONCEPTS) {
      expect(positivesOf(all, concept).length, concept).toBeGreaterThanOrEqual(30);
    }
    expect(negativesOf(all).length).toBeGreaterThanOrEqual(150);
  });

  it('holds at least 15 positives per concept and 75 negatives in each split', () => {
    for (const split of EVAL_SPLITS) {
      const part = evalSplit(split);
      for (const concept of EVAL_CONCEPTS) {
        expect(positivesOf(part, concept).length, `${split} ${concept}`).toBeGreaterThanOrEqual(15);
      }
      expect(negativesOf(part).length, `${split} negatives`).toBeGreaterThanOrEqual(75);
    }
  });

  it('splits every stratum (primary concept, or negative) into halves that differ by at most one', () => {
    const byStratum = new Map<string, { dev: number; test: number }>();
    for (const s of all) {
      const c = byStratum.get(evalStratum(s)) ?? { dev: 0, test: 0 };
      c[s.split] += 1;
      byStratum.set(evalStratum(s), c);
    }
    for (const [stratum, c] of byStratum) expect(Math.abs(c.dev - c.test), stratum).toBeLessThanOrEqual(1);
  });

  it('has unique ids and no texts that differ only in case, punctuation or spacing', () => {
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    const seen = new Map<string, string>();
    for (const s of all) {
      const key = s.text
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s]/gu, '')
        .replace(/\s+/g, ' ')
        .trim();
      expect(seen.get(key), `${s.id} repeats ${seen.get(key)}: "${s.text}"`).toBeUndefined();
      seen.set(key, s.id);
    }
  });

  it('gives every positive a speaker who really says that concept', () => {
    for (const s of all) {
      expect(['agent', 'customer']).toContain(s.speaker);
      for (const concept of s.concepts) {
        const who = EVAL_CONCEPT_SPEAKER[concept];
        if (who !== 'any') expect(s.speaker, `${s.id} ${concept}`).toBe(who);
      }
    }
  });

  it('has hard negatives from both agents and customers', () => {
    const negatives = negativesOf(all);
    expect(negatives.filter((s) => s.speaker === 'agent').length).toBeGreaterThanOrEqual(50);
    expect(negatives.filter((s) => s.speaker === 'customer').length).toBeGreaterThanOrEqual(50);
  });

  it('includes the examples the issue was filed with', () => {
    const texts = new Set(all.map((s) => s.text));
    for (const [text, concept] of [
      ['What kind of money are we talking about?', 'pricing_asked'],
      ['Would you be able to send someone out next week?', 'appointment_requested'],
      ['Could someone come out and take a look?', 'appointment_requested'],
      ["You're on the schedule for Monday at nine.", 'appointment_booked'],
      ["I'm at work, can you catch me tonight?", 'callback_requested'],
      ["Nah, we're good.", 'not_interested'],
      ['Comcast offered me the same thing for less.', 'competitor_mentioned'],
      ["That's a lot of money for us right now.", 'objection'],
      ["there's nobody here by that name", 'wrong_number'],
    ] as const) {
      expect(texts.has(text), text).toBe(true);
      expect(all.find((s) => s.text === text)?.concepts, text).toContain(concept);
    }
  });
});

describe('the evaluation set loader', () => {
  const good =
    '{"id":"e0001","text":"Ballpark?","speaker":"customer","concepts":["pricing_asked"],"split":"dev"}';

  it('reads a well-formed file', () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, 'set.jsonl');
      writeFileSync(path, `${good}\n\n`);
      expect(loadEvalSentences(path)).toEqual([
        { id: 'e0001', text: 'Ballpark?', speaker: 'customer', concepts: ['pricing_asked'], split: 'dev' },
      ]);
    } finally {
      dir.cleanup();
    }
  });

  it.each([
    ['broken JSON', '{"id":"e0002",', /:2: not valid JSON/],
    [
      'an unknown concept',
      good.replace('pricing_asked', 'price_talk').replace('e0001', 'e0002'),
      /:2: .*concepts\.0/,
    ],
    ['a bad speaker', good.replace('customer', 'caller').replace('e0001', 'e0002'), /:2: .*speaker/],
    ['a missing split', good.replace(',"split":"dev"', '').replace('e0001', 'e0002'), /:2: .*split/],
    ['an unknown field', good.replace('}', ',"note":"x"}').replace('e0001', 'e0002'), /:2: .*note/],
    ['an empty text', good.replace('Ballpark?', '').replace('e0001', 'e0002'), /:2: .*text/],
    [
      'a repeated concept',
      good.replace('["pricing_asked"]', '["objection","objection"]').replace('e0001', 'e0002'),
      /:2: .*listed twice/,
    ],
  ])('fails loudly, naming the line, on %s', (_what, badLine, message) => {
    expect(() => parseEvalSentences(`${good}\n${badLine}\n`, 'set.jsonl')).toThrow(message);
  });
});
