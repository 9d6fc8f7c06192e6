import { describe, expect, it } from 'vitest';
import { luhnValid, redactPii } from '../../../electron/llm/redact-pii';

/** Every digit of the text, in order: a planted number is gone only if its digit string is gone. */
const digitsOf = (s: string): string => s.replace(/\D/g, '');

describe('redactPii', () => {
  const cards = ['4111 1111 1111 1111', '5500-0000-0000-0004', '340000000000009', '6011000990139424', '4012 8888 8888 1881'];
  const ssns = ['123-45-6789', '078 05 1120', '219099999'];

  it.each(cards)('removes card number %s (Luhn-valid) in any formatting', (card) => {
    const r = redactPii(`sure, my card is ${card}, expiry next May`);
    expect(r.text).toContain('[CARD NUMBER]');
    expect(digitsOf(r.text)).not.toContain(digitsOf(card));
    expect(r.found.card).toBe(1);
  });

  it.each(ssns)('removes SSN %s', (ssn) => {
    const r = redactPii(`my social security number is ${ssn} okay`);
    expect(r.text).toContain('[SSN]');
    expect(digitsOf(r.text)).not.toContain(digitsOf(ssn));
  });

  it('removes numbers spoken as words, including "oh" and "double"', () => {
    const r = redactPii('the card is four one one one, one one one one, one one one one, one one one one. and my social is one two three four five six seven eight nine');
    expect(r.found.card).toBe(1);
    expect(r.found.ssn).toBe(1);
    expect(r.text).not.toMatch(/\b(one|two|three|four)\b.*\b(one|two|three|four)\b.*\b(one|two)\b.*\[/);
    const d = redactPii('account number is five five double oh one two three four five six');
    expect(d.found.bank_account).toBe(1);
    expect(d.text).toBe('account number is [BANK ACCOUNT]');
  });

  it('removes bank details: IBAN (mod-97 checked) and account/routing numbers', () => {
    const r = redactPii('IBAN GB82 WEST 1234 5698 7654 32 and routing 021000021, account 000123456789');
    expect(r.found.iban).toBe(1);
    expect(r.text).not.toMatch(/GB82|WEST|021000021|000123456789/);
  });

  it('keeps ordinary talk and short numbers', () => {
    const text = 'I have 2 kids, call me at 3 pm, the plan is $49 a month for 12 months';
    expect(redactPii(text)).toEqual({ text, found: { card: 0, ssn: 0, bank_account: 0, iban: 0, long_number: 0 } });
  });

  it('checks Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});
