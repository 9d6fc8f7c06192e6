import { describe, expect, it } from 'vitest';
import companies from '../../../resources/lexicons/companies.json';
import { companyMentions } from '../../../electron/trackers/company-names';
import { COMPANY_TERM, sentenceFeatures } from '../../../electron/trackers/sentence-features';

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
  it('reads every company as the same term, and an ordinary word as none', () => {
    expect(sentenceFeatures('Sunnova quoted us last month.').terms).toContain(COMPANY_TERM);
    expect(sentenceFeatures('my buddy uses vivint and pays way less').terms).toContain(COMPANY_TERM);
    expect(sentenceFeatures("We're with Progressive.").terms).toContain(COMPANY_TERM);
    expect(sentenceFeatures('we are with progressive').terms).toContain(COMPANY_TERM);
    expect(sentenceFeatures('I love progressive rock.').terms).not.toContain(COMPANY_TERM);
    expect(sentenceFeatures('Can you send me the dish soap?').terms).not.toContain(COMPANY_TERM);
  });
});
