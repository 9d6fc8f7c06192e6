import { describe, expect, it } from 'vitest';
import { detectSpans, REDACTION_KINDS, type RedactionKind, type Turn } from '../../../electron/redaction/detect';
import { redactTurns } from '../../../electron/redaction/redact-turns';

const ALL = new Set<RedactionKind>(REDACTION_KINDS);
const one = (text: string, kinds: ReadonlySet<RedactionKind> = ALL): string => redactTurns([{ speaker: 'customer', text }], kinds).texts[0] ?? '';

describe('the redaction detector', () => {
  it.each([
    ['digits, grouped', 'my card is 4111 1111 1111 1111 thanks', 'my card is [CARD NUMBER] thanks'],
    ['digit words', 'card four one one one one one one one one one one one one one one one', 'card [CARD NUMBER]'],
    ['"oh" for zero and "double"', 'it is five five oh oh double oh oh oh oh double oh oh oh oh four', 'it is [CARD NUMBER]'],
    ['pairs read as numbers', 'forty one eleven eleven eleven eleven eleven eleven eleven', '[CARD NUMBER]'],
    ['an SSN read 3-2-4 with no cue', 'it is one two three, forty five, six seven eight nine', 'it is [SSN]'],
    ['an SSN written', 'ssn 078-05-1120 ok', 'ssn [SSN] ok'],
    ['a bank account after its cue', 'my checking account is 0001 2345 6789', 'my checking account is [BANK ACCOUNT]'],
    ['"four hundred twelve" inside a number', 'social is four hundred twelve, thirty four, five six seven eight', 'social is [SSN]'],
  ])('removes %s', (_, text, expected) => {
    expect(one(text)).toBe(expected);
  });

  it.each([
    ['a phone number', 'call me back on 415 555 0132'],
    ['a phone number in words', 'my cell is four one five five five five oh one three two'],
    ['an order number', 'the order number is 123456789'],
    ['a zip+4', 'zip 94107-1234'],
    ['a date', 'I was born on 05/07/1990'],
    ['a price', 'that is $1,299.99 a year'],
    ['the last four of a card', 'the card ending in 4242'],
  ])('keeps %s', (_, text) => {
    expect(one(text)).toBe(text);
  });

  it('joins a number read across turns of one speaker, however the other speaker answers between', () => {
    const turns: Turn[] = [
      { speaker: 'agent', text: 'the card number please' },
      { speaker: 'customer', text: 'four five three nine one four eight eight' },
      { speaker: 'agent', text: 'ok go on' },
      { speaker: 'customer', text: 'oh three four three six four six seven' },
    ];
    const spans = detectSpans(turns, { kinds: ALL });
    expect(spans).toEqual([{ kind: 'card', pieces: [{ turn: 1, start: 0, end: turns[1]?.text.length }, { turn: 3, start: 0, end: turns[3]?.text.length }] }]);
  });

  it('does not join pieces far apart in the conversation', () => {
    const turns: Turn[] = [
      { speaker: 'customer', text: 'my number is 4539 1488' },
      ...['a', 'b', 'c'].map((t) => ({ speaker: 'agent', text: t })),
      { speaker: 'customer', text: '0343 6467' },
    ];
    expect(detectSpans(turns, { kinds: ALL })).toEqual([]);
  });

  it('finds emails and street addresses only when asked', () => {
    const text = 'write to john dot smith at example dot com or 12 oak tree lane';
    expect(one(text, new Set(['card']))).toBe(text);
    expect(one(text)).toBe('write to [EMAIL] or [ADDRESS]');
    expect(one('mail jo.smith@example.co.uk please')).toBe('mail [EMAIL] please');
  });
});

describe('digit words as engines misspell them', () => {
  it('reads "for", "to", "won", "ate" as digits only between other digits', () => {
    expect(one('card is four won one one one one one one one one one one one one one one')).toBe('card is [CARD NUMBER]');
    expect(one('social is one to three four five six seven ate nine')).toBe('social is [SSN]');
    expect(one('I waited for two hours for nothing')).toBe('I waited for two hours for nothing');
  });
});
