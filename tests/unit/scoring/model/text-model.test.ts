import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../../../electron/scoring/model/metrics';
import { denseRows, sparseScores, trainSparseLogistic } from '../../../../electron/scoring/model/sparse-logistic';
import { fitStack } from '../../../../electron/scoring/model/stack';
import { buildRoleCorpus, emptyTexts, fitVocabulary, forEachGram, MIN_DOC_FREQ, roleOf, tokenize, type LeadTexts } from '../../../../electron/scoring/model/text-features';
import { fitTextPart, phraseContributions, textPartScores } from '../../../../electron/scoring/model/text-model';
import { rng } from '../../../bench/scoring-synthetic-calls';

const said = (customer: string[], agent: string[] = []): LeadTexts => ({ ...emptyTexts(), customer, agent });

describe('text features', () => {
  it('tokenizes words with apostrophes and makes unigrams and bigrams within a turn only', () => {
    expect(tokenize('I\u2019m ready \u2014 how SOON can you start? 2 rooms.')).toEqual(["i'm", 'ready', 'how', 'soon', 'can', 'you', 'start', '2', 'rooms']);
    const grams: string[] = [];
    forEachGram(['How soon', 'start now'], (g) => grams.push(g));
    expect(grams).toEqual(['how', 'how soon', 'soon', 'start', 'start now', 'now']);
    expect([roleOf('Agent'), roleOf('customer'), roleOf('speaker'), roleOf('SPEAKER_2')]).toEqual(['agent', 'customer', 'speaker', 'speaker']);
  });

  it(`keeps a phrase only when at least ${MIN_DOC_FREQ} leads said it, by name, with its idf`, () => {
    const texts = [said(['call me back']), said(['call me back later']), said(['call me back']), said(['later then']), said(['later'])];
    const corpus = buildRoleCorpus('customer', texts);
    const { vocabulary } = fitVocabulary(corpus, [0, 1, 2, 3, 4]);
    expect(vocabulary.grams.sort()).toEqual(['back', 'call', 'call me', 'later', 'me', 'me back'].sort());
    // Fitted on fewer leads, "later" (in 3 of 5) drops out: the vocabulary depends only on the rows it is fitted on.
    expect(fitVocabulary(corpus, [0, 1, 2, 3]).vocabulary.grams).not.toContain('later');
    const idf = new Map(vocabulary.grams.map((g, i) => [g, vocabulary.idf[i]]));
    expect(idf.get('call')).toBeCloseTo(Math.log(6 / 4) + 1, 12);
  });
});

describe('sparse logistic regression', () => {
  it('recovers the coefficients that generated the data', () => {
    const r = rng(3);
    const rows = 30_000;
    const cols = [new Float64Array(rows), new Float64Array(rows), new Float64Array(rows)];
    const y = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) {
      const x = [r() < 0.3 ? 1 : 0, r() < 0.5 ? 1 : 0, r() * 2 - 1];
      x.forEach((v, c) => ((cols[c] as Float64Array)[i] = v));
      y[i] = r() < 1 / (1 + Math.exp(-(1.2 * (x[0] as number) - 0.7 * (x[1] as number) + 2 * (x[2] as number) - 0.4))) ? 1 : 0;
    }
    const model = trainSparseLogistic(denseRows(cols, rows), y, 1e-6);
    expect(model.weights[0]).toBeCloseTo(1.2, 1);
    expect(model.weights[1]).toBeCloseTo(-0.7, 1);
    expect(model.weights[2]).toBeCloseTo(2, 1);
    expect(model.intercept).toBeCloseTo(-0.4, 1);
  });

  it('the stack drops a base model that would get a negative weight', () => {
    const r = rng(8);
    const n = 2000;
    const y = Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
    const good = Float64Array.from(y, (v) => v * 2 - 1 + (r() - 0.5) * 3);
    const noise = Float64Array.from(y, (_, i) => -0.3 * (good[i] as number) + (r() - 0.5));
    const stack = fitStack(['good', 'noise'], [good, noise], y);
    expect(stack.weights[0]).toBeGreaterThan(0);
    expect(stack.weights[1]).toBe(0);
  });
});

describe('a text model', () => {
  it('learns which phrases go with converting, and its phrase explanations add up to its score', () => {
    const r = rng(12);
    const texts: LeadTexts[] = [];
    const y: number[] = [];
    for (let i = 0; i < 400; i++) {
      const won = r() < 0.5;
      const lines = ['we have a small office', 'thanks for calling'];
      if (won ? r() < 0.7 : r() < 0.1) lines.push('how soon can you start');
      if (!won && r() < 0.5) lines.push('it is too expensive for us');
      texts.push(said(lines, ['hello this is sam']));
      y.push(won ? 1 : 0);
    }
    const labels = Uint8Array.from(y);
    const corpus = buildRoleCorpus('customer', texts);
    const part = fitTextPart(corpus, labels, [...labels.keys()]);
    const scores = textPartScores(part, texts);
    expect(rocAuc(scores, labels)).toBeGreaterThan(0.8);
    const weight = new Map(part.grams.map((g, i) => [g, part.weights[i] as number]));
    expect(weight.get('how soon')).toBeGreaterThan(0);
    expect(weight.get('too expensive')).toBeLessThan(0);

    const lead = texts.findIndex((t) => t.customer.includes('how soon can you start'));
    const phrases = phraseContributions(part, texts[lead] as LeadTexts, 1);
    const top = [...phrases].sort((a, b) => b.contribution - a.contribution)[0];
    expect(top?.phrase).toBe('how soon can you start');
    const total = phrases.reduce((s, p) => s + p.contribution, 0);
    expect(total).toBeCloseTo((scores[lead] as number) - part.intercept, 9);
    expect(sparseScores(denseRows([], 1), { weights: [], intercept: 0.5 })[0]).toBe(0.5);
  });
});
