import type Database from 'better-sqlite3';
import { importCalls } from '../../../electron/scoring/import/import-calls';
import { importLeads } from '../../../electron/scoring/import/import-leads';
import { rng } from '../../bench/scoring-synthetic-calls';

/** What a converting customer says more often, and what a lost one says more often. */
export const WARM_PHRASE = 'how soon can you start';
export const COLD_PHRASE = 'we already signed with someone';

const NEUTRAL_CUSTOMER = ['I saw your advert online.', 'We have a three bedroom house.', 'My partner handles the paperwork.', 'Mornings suit me best.'];
const AGENT = ['Thanks for taking my call today.', 'Could you tell me a little about the property?', 'I can send the details by email.', 'Does Thursday work for a visit?'];

export interface ConversationData {
  leads: string;
  calls: string;
  /** The outcome each lead was given (1 converted). */
  outcome: number[];
}

/**
 * Leads whose outcome depends on a numeric attribute (`budget`, known before contact) and on what
 * the customer said: converting leads more often ask how soon the work can start, lost ones more
 * often say they signed elsewhere. Calls go through the product's CSV import (analysed and scored).
 */
export function conversationData(n: number, seed: number, opts: { textWeight?: number; budgetWeight?: number } = {}): ConversationData {
  const r = rng(seed);
  const leads = ['lead_id,phone_number,budget,region,converted'];
  const calls = ['call_id,lead_id,call_start_time,call_duration,direction,agent,call_transcript'];
  const outcome: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = `L${String(i).padStart(4, '0')}`;
    // Round figures, as budgets are given (an integer distinct in nearly every row reads as an identifier).
    const budget = Math.round(r() * 20) * 50;
    const warm = r() < 0.4;
    const cold = !warm && r() < 0.4;
    const z = (opts.budgetWeight ?? 2) * (budget / 500 - 1) + (opts.textWeight ?? 2.5) * (warm ? 1 : cold ? -1 : 0);
    const y = r() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    outcome.push(y);
    leads.push(`${id},(415) 555-${String(1000 + i)},${budget},${['north', 'south', 'east'][i % 3]},${y}`);
    const lines = [
      `Agent: ${AGENT[i % AGENT.length]}`,
      `Customer: ${NEUTRAL_CUSTOMER[Math.floor(r() * NEUTRAL_CUSTOMER.length)]}`,
      `Agent: ${AGENT[(i + 1) % AGENT.length]}`,
      // Said flatly (no question mark, no feeling words): only the words carry the signal.
      `Customer: ${warm ? `Right, ${WARM_PHRASE}.` : cold ? `Right, ${COLD_PHRASE}.` : NEUTRAL_CUSTOMER[(i + 2) % NEUTRAL_CUSTOMER.length]}`,
    ];
    const transcript = lines.join('\n').replace(/"/g, '""');
    calls.push(`C${i},${id},2025-03-0${1 + (i % 9)}T1${i % 10}:00:00Z,${60 + (i % 7) * 20},inbound,sam,"${transcript}"`);
  }
  return { leads: leads.join('\n'), calls: calls.join('\n'), outcome };
}

/** Imports the leads (with their outcomes) and their calls; outcomes can be left out and given later. */
export function importConversationData(db: Database.Database, data: ConversationData, withOutcomes = true): void {
  const leads = withOutcomes ? data.leads : data.leads.replace(/,[01]$/gm, ',').replace(/,converted$/m, ',converted');
  const lr = importLeads(db, leads, { map: new Map(), by: 'test' });
  if (lr.errors.length) throw new Error(`leads: ${JSON.stringify(lr.errors.slice(0, 2))}`);
  const cr = importCalls(db, data.calls, { map: new Map(), by: 'test' });
  if (cr.errors.length) throw new Error(`calls: ${JSON.stringify(cr.errors.slice(0, 2))}`);
}
