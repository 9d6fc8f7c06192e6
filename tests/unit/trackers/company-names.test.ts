import { describe, expect, it } from 'vitest';
import companies from '../../../resources/lexicons/companies.json';
import { companyMentions } from '../../../electron/trackers/company-names';
import { sentenceFeatures } from '../../../electron/trackers/sentence-features';
import { COMPANY_KEYWORD, hasKeyword } from '../../../electron/trackers/train-tracker';

const named = (text: string): string[] => companyMentions(text).map((m) => text.slice(m.start, m.end));

describe('company names in a sentence', () => {
  it('finds a name capitalised or in recognised lower-case text, multi-word and possessive names whole', () => {
    expect(named('Comcast offered me the same thing for less.')).toEqual(['Comcast']);
    expect(named('comcast offered me the same thing for less')).toEqual(['comcast']);
    expect(named("We've been with State Farm for ten years, and Liberty Mutual's quote was higher.")).toEqual(['State Farm', "Liberty Mutual's"]);
    expect(named('i have t mobile now but we are switching to at and t')).toEqual(['t mobile', 'at and t']);
    expect(named('The Home Depot guy said Tuesday.')).toEqual(['The Home Depot']);
  });

  it('counts a name that is also a word only in a company context, capitalised or not', () => {
    expect(named("Progressive is cheaper.")).toEqual(['Progressive']);
    expect(named('progressive is cheaper')).toEqual(['progressive']);
    expect(named("We're with Progressive right now.")).toEqual(['Progressive']);
    expect(named('we have dish now')).toEqual(['dish']);
    expect(named('I got a quote from optimum')).toEqual(['optimum']);
    expect(named('I picked it up at Best Buy.')).toEqual(['Best Buy']);
  });

  it('does not read an ordinary word as a company', () => {
    for (const text of [
      'I love progressive rock.',
      'the dish is cold',
      'pass me the dish soap',
      'that was the best buy of my life',
      'The whole spectrum is covered.',
      'a roof with visible damage',
      'Our target is fifty units a month.',
      "we're already over budget",
      'I need to chase that down.',
      'The frontier of the county starts here.',
      'PROGRESSIVE LENSES ARE EXPENSIVE',
    ])
      expect(named(text), text).toEqual([]);
  });

  it('has a few hundred names by industry, none listed twice within one', () => {
    const industries = Object.values(companies.industries);
    expect(industries.length).toBeGreaterThanOrEqual(10);
    for (const { names, commonWordNames } of industries) {
      const all = [...names, ...commonWordNames].map((n) => n.toLowerCase());
      expect(new Set(all).size).toBe(all.length);
    }
    expect(industries.flatMap((i) => i.names).length).toBeGreaterThan(300);
  });
});

describe('what trackers see of a company name', () => {
  const flagged = (text: string, keywords: readonly string[] = [COMPANY_KEYWORD]): boolean => hasKeyword(sentenceFeatures(text), keywords);

  it('gives a tracker listing the keyword <company> its keyword flag for any company, and for an ordinary word none', () => {
    expect(flagged('Sunnova quoted us last month.')).toBe(true);
    expect(flagged('my buddy uses vivint and pays way less')).toBe(true);
    expect(flagged("We're with Progressive.")).toBe(true);
    expect(flagged('we are with progressive')).toBe(true);
    expect(flagged('I love progressive rock.')).toBe(false);
    expect(flagged('Can you send me the dish soap?')).toBe(false);
  });

  it('changes nothing for a tracker that does not list it (a stored model scores as before)', () => {
    expect(flagged('Comcast offered me the same thing for less.', ['other company', 'switch'])).toBe(false);
    expect(flagged('some other company offered me less', ['other company', 'switch'])).toBe(true);
    expect(flagged('the literal <company> is no word anyone says', ['other company'])).toBe(false);
  });
});
