import type { Db } from '../db/open';
import type { QueueSort } from '../../shared/api/queue-view';
import type { BandThresholds } from '../../shared/scoring/rubric';
import { activeBands } from '../scoring/active-bands';
import { loadLeadColumns, withPriority, type LeadColumns, type ReadColumns } from './lead-columns';
import { loadCampaignAgent, loadNameCodes, type CodedText, type TextColumn } from './lead-text';
import { orderByKey, positions } from './key-order';
import { rankKeyOf } from '../ranking/rank-formula';
import { queueDataKey } from './snapshot';
import { yieldToEventLoop } from '../core/event-loop';

/**
 * One snapshot of the queue and how it is built: the columns, ranked at a clock, then the text
 * codes in steps. QueueView (queue-window.ts) decides when; this file only how.
 */
export interface Snapshot {
  key: string;
  nowMs: number;
  bands: BandThresholds;
  cols: LeadColumns;
  /** Rows by rank: open leads first (they are the ones to dial), then by priority, then rowid. */
  rankOrder: Int32Array;
  rankPos: Int32Array;
  /** Name, campaign and agent as sort codes, loaded after the columns (valuesLoad: campaign and agent; nameLoad). */
  text: Partial<Record<TextColumn, CodedText>>;
  valuesLoad: Promise<void> | null;
  nameLoad: Promise<void> | null;
  /** Per row, the lower-cased words a search looks in; built on the first search. */
  haystack: string[] | null;
  searchLoad: Promise<void> | null;
  orders: Map<string, Int32Array>;
  filtered: Map<string, Int32Array>;
  /** Its columns and text are on disk already (written, or read from there). */
  stored: boolean;
}

/** Runs a stepwise job to the end at once (CSV export). */
export function drain<T>(steps: Generator<void, T>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** Runs a stepwise job letting the event loop (other requests) in between steps. */
export async function drainAsync<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    await yieldToEventLoop();
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export const ALL_TEXT: readonly TextColumn[] = ['name', 'campaign', 'agent'];

/**
 * Campaign and agent codes, in small steps. Codes that no longer line up with the rows (a write
 * landed meanwhile) stay blank until the data key's rebuild, rather than showing rows against the
 * wrong campaign or agent.
 */
export function* attachValues(db: Db, s: Snapshot): Generator<void, void> {
  const blank = (): CodedText => ({ codes: new Float64Array(s.cols.n).fill(NaN), values: [] });
  const got = yield* loadCampaignAgent(db, s.cols);
  s.text.campaign = got?.campaign ?? blank();
  s.text.agent = got?.agent ?? blank();
}

/** The same for names. */
export function* attachNames(db: Db, s: Snapshot): Generator<void, void> {
  s.text.name = (yield* loadNameCodes(db, s.cols)) ?? {
    codes: new Float64Array(s.cols.n).fill(NaN),
    values: [],
  };
}

export function* buildSnapshot(db: Db): Generator<void, Snapshot> {
  const key = queueDataKey(db);
  const bands = activeBands(db, 'lead');
  const cols = yield* loadLeadColumns(db);
  return rankedSnapshot(key, Date.now(), bands, cols);
}

/** Priorities, bands and the rank order of columns read now, earlier or from disk, at `nowMs`. */
export function rankedSnapshot(key: string, nowMs: number, bands: BandThresholds, read: ReadColumns): Snapshot {
  const cols = withPriority(read, nowMs, bands);
  const rankKey = new Float64Array(cols.n);
  // Closed leads after every open one; then higher priority first (priority has one decimal).
  for (let i = 0; i < cols.n; i++)
    rankKey[i] = (cols.outcome[i] ? 1 << 24 : 0) + rankKeyOf(cols.priority[i] as number);
  const rankOrder = orderByKey(rankKey, false);
  return {
    key,
    nowMs,
    bands,
    cols,
    rankOrder,
    rankPos: positions(rankOrder),
    text: {},
    valuesLoad: null,
    nameLoad: null,
    haystack: null,
    searchLoad: null,
    orders: new Map(),
    filtered: new Map(),
    stored: false,
  };
}

/** The same rows ranked again at a later time: the text and what was stored carry over. */
export function reranked(s: Snapshot): Snapshot {
  return {
    ...rankedSnapshot(s.key, Date.now(), s.bands, s.cols),
    text: s.text,
    valuesLoad: s.valuesLoad,
    nameLoad: s.nameLoad,
    haystack: s.haystack,
    searchLoad: s.searchLoad,
    stored: s.stored,
  };
}

export function sortKeys(s: Snapshot, sort: Exclude<QueueSort, 'rank'>): Float64Array {
  const c = s.cols;
  const keys = new Float64Array(c.n);
  // The ms columns come from SQLite's julianday, a few thousandths of a ms off ("…07.500" is
  // …07499.993): whole ms first, or a time on the half second rounds to the other second than the
  // one shown, and leads shown at the same time sort out of rank order.
  const seconds = (ms: Float64Array): void =>
    ms.forEach((v, i) => (keys[i] = v === v ? Math.round(Math.round(v) / 1000) : NaN));
  if (sort === 'score') c.score.forEach((v, i) => (keys[i] = v === v ? Math.round(v * 10) : NaN));
  else if (sort === 'probability')
    c.probability.forEach((v, i) => (keys[i] = v === v ? Math.round(v * 1e6) : NaN));
  else if (sort === 'attempts') c.attempts.forEach((v, i) => (keys[i] = v));
  else if (sort === 'last_called_at') seconds(c.lastCalledMs);
  else if (sort === 'age') seconds(c.createdMs);
  else return (s.text[sort] as CodedText).codes;
  return keys;
}
