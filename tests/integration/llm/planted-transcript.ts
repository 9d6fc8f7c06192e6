import type { TranscriptTurn } from '../../../electron/llm/rubric-questions';

/** Card numbers (all Luhn-valid) and SSNs planted in a call, written the ways transcripts write them. */
export const PLANTED_CARDS = ['4111 1111 1111 1111', '5500-0000-0000-0004', '378282246310005', '6011 0009 9013 9424'];
export const PLANTED_SSNS = ['123-45-6789', '078 05 1120', '219099999'];
export const SPOKEN_CARD_DIGITS = '4012888888881881';

export const plantedTurns: TranscriptTurn[] = [
  { speaker: 'agent', start: 0.5, text: 'Thank you for calling Acme Solar, this call is recorded. How can I help?' },
  { speaker: 'customer', start: 4.2, text: 'Hi, I want to book the installation for next Tuesday, we decided to go ahead.' },
  { speaker: 'agent', start: 9.0, text: 'Great. I can take the deposit now. Which card?' },
  { speaker: 'customer', start: 12.1, text: `Visa ${PLANTED_CARDS[0]}, or the Mastercard ${PLANTED_CARDS[1]}.` },
  { speaker: 'customer', start: 18.4, text: `Actually use the Amex ${PLANTED_CARDS[2]} and the backup is ${PLANTED_CARDS[3]}.` },
  { speaker: 'customer', start: 25.0, text: 'the other one is four oh one two, eight eight eight eight, eight eight eight eight, one eight eight one' },
  { speaker: 'agent', start: 31.0, text: 'For the financing check I need your social security number.' },
  { speaker: 'customer', start: 34.0, text: `It is ${PLANTED_SSNS[0]}. My wife's is ${PLANTED_SSNS[1]} and the trust's tax id is ${PLANTED_SSNS[2]}.` },
  { speaker: 'agent', start: 41.0, text: 'Perfect, you are booked for Tuesday at 9 am. Is there anything else?' },
];

/** Digits only, so a number is caught however it was re-formatted on the way out. */
export function leaks(sent: string): string[] {
  const digits = sent.replace(/\D/g, '');
  return [...PLANTED_CARDS, ...PLANTED_SSNS, SPOKEN_CARD_DIGITS].filter((n) => digits.includes(n.replace(/\D/g, '')));
}
