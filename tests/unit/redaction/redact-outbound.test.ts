import { describe, expect, it } from 'vitest';
import { luhnValid } from '../../../electron/redaction/classify';
import { redactForOutbound } from '../../../electron/redaction/redact-turns';

/** Every digit of the text, in order: a planted number is gone only if its digit string is gone. */
const digitsOf = (s: string): string => s.replace(/\D/g, '');
const redact = (text: string): { text: string; count: number } => {
  const r = redactForOutbound([{ speaker: 'customer', text }]);
  return { text: r.texts[0] ?? '', count: r.count };
};

describe('redactForOutbound (what may go to OpenAI)', () => {
  const cards = ['4111 1111 1111 1111', '5500-0000-0000-0004', '340000000000009', '6011000990139424', '4012 8888 8888 1881'];
  const ssns = ['123-45-6789', '078 05 1120', '219099999'];

  it.each(cards)('removes card number %s (Luhn-valid) in any formatting', (card) => {
    const r = redact(`sure, my card is ${card}, expiry next May`);
    expect(r.text).toContain('[CARD NUMBER]');
    expect(digitsOf(r.text)).not.toContain(digitsOf(card));
    expect(r.count).toBe(1);
  });

  it.each(ssns)('removes SSN %s', (ssn) => {
    const r = redact(`my social security number is ${ssn} okay`);
    expect(r.text).toContain('[SSN]');
    expect(digitsOf(r.text)).not.toContain(digitsOf(ssn));
  });

  it('removes numbers spoken as words, including "oh" and "double"', () => {
    const r = redact('the card is four one one one, one one one one, one one one one, one one one one. and my social is one two three four five six seven eight nine');
    expect(r.text).toBe('the card is [CARD NUMBER]. and my social is [SSN]');
    expect(redact('account number is five five double oh one two three four five six').text).toBe('account number is [BANK ACCOUNT]');
  });

  it('removes bank details: IBAN (mod-97 checked) and account/routing numbers', () => {
    const r = redact('IBAN GB82 WEST 1234 5698 7654 32 and routing 021000021, account 000123456789');
    expect(r.text).toContain('[IBAN]');
    expect(r.text).not.toMatch(/GB82|WEST|021000021|000123456789/);
  });

  it('takes out any other long number, and keeps ordinary talk and short numbers', () => {
    expect(redact('the reference is 1234567890123 ok').text).not.toContain('1234567890123');
    const text = 'I have 2 kids, call me at 3 pm, the plan is $49 a month for 12 months';
    expect(redact(text)).toEqual({ text, count: 0 });
  });

  it('finds a number read across turns as one', () => {
    const r = redactForOutbound([
      { speaker: 'customer', text: 'my card is 4111 1111' },
      { speaker: 'agent', text: 'mm-hm' },
      { speaker: 'customer', text: '1111 1111' },
    ]);
    expect(r.texts).toEqual(['my card is [CARD NUMBER]', 'mm-hm', '[CARD NUMBER]']);
  });

  it('checks Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});
