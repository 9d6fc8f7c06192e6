import * as chrono from 'chrono-node';
import { digitsForSpokenNumbers } from './spoken-numbers';
import { instantOfWallClock, isoInZone, wallClockAt, zoneOffsetMinutes, type WallClock } from './zoned-time';

/**
 * Times said on a call ("call me back tomorrow after five", "Wednesday morning works better", "in
 * twenty minutes", "the fourteenth at noon") as windows on the caller's clock, read from the call's
 * start time in the caller's time zone. Design: docs/design/spoken-times.md.
 */
export type SpokenTimeKind = 'callback' | 'appointment' | 'mentioned';

export interface SpokenTime {
  kind: SpokenTimeKind;
  startMs: number;
  endMs: number;
  /** ISO 8601 with the zone's offset, e.g. "2026-03-03T17:00:00-08:00". */
  start: string;
  end: string;
  timeZone: string;
  /** True when the number's region gave no zone and the fallback zone was used. */
  zoneAssumed: boolean;
  /** The time expression as the parser read it (digits for number words). */
  expression: string;
  quote: string;
  speaker: string;
  /** Seconds into the call. */
  saidAt: number;
}

export interface SpokenTimeTurn {
  speaker: string;
  start: number;
  text: string;
}

export interface SpokenTimeContext {
  /** The call's start (ISO); without it nothing is read, since "tomorrow" means nothing. */
  callStartedAt: string | null;
  /** The caller's zone from the number's region, or null when unknown. */
  timeZone: string | null;
  /** Used, and marked as assumed, when timeZone is null. */
  fallbackTimeZone: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Parts of the day as business hours on the caller's clock: [from hour, to hour]. */
const PARTS_OF_DAY: Array<[RegExp, number, number]> = [
  [/\b(tonight|night)\b/, 18, 21],
  [/\bevening\b/, 17, 20],
  [/\bafternoon\b/, 12, 17],
  [/\blunch(time)?\b/, 12, 13],
  [/\bmorning\b/, 9, 12],
];
/** A day named without a time: the working day. */
const WORKING_DAY: [number, number] = [9, 17];
/** Hours said without am/pm that a business call means in the afternoon ("after five" is 17:00). */
const AFTERNOON_WITHOUT_MERIDIEM = (hour: number): boolean => hour >= 1 && hour <= 7;

const PAST_CUE = /\b(yesterday|ago|last|earlier|called|came|went|happened|was|were|had|did)\b/;
const CALLBACK_CUE =
  /\b(call|calls|calling|ring|phone|reach|try|catch|back|talk|speak|free|available|works?|better|good time|best|home|around|get hold|contact|text)\b/;
const BOOKED_CUE =
  /\b(booked|book you|scheduled|schedule you|on the schedule|put you (down|in)|appointment (is|for)|confirmed|see you|we'll be (there|out)|someone out|technician|be out)\b/;
/** Words that name a day without a date; without one (or a date) a time is on the call's day. */
const DAY_WORD = /\b(tomorrow|tonight|today|week|month|day|days|weekend)\b/;
const RELATIVE_TIME = /\bin \d+ (minutes?|mins?|hours?|hrs?)\b/;
const PREPOSITION = /\b(after|before|around|about|by|until|till)( at)? (?=\d{1,2}(:\d{2})?\b)/g;
/**
 * A sentence without any of these names no time the parser reads: skipped without parsing (most
 * sentences of a call; the parser costs about 0.2 ms a sentence).
 */
const MAY_NAME_A_TIME =
  /\d|\b(tomorrow|tonight|today|morning|afternoon|evening|night|noon|midday|midnight|lunch\w*|week\w*|month|hours?|minutes?|mins?|hrs?|days?|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)/;
/** Words the parser reads as times that name no callback ("right now", "today" alone). */
const NOT_A_TIME = /^(now|right now|today|this|currently|at the moment)$/;

/** Sentences of a turn; ASR text without punctuation is one sentence. */
function sentences(text: string): string[] {
  return (text.match(/[^.?!]+[.?!]*/g) ?? [text]).map((s) => s.trim()).filter((s) => s.length > 0);
}

/**
 * "the 14th" alone names the next 14th on or after the call's day; the parser does not read a bare
 * day of the month, so it is written with its month.
 */
function withMonthForBareDay(text: string, today: WallClock): string {
  const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
  return text.replace(
    /\b(?:on )?the (\d{1,2})(?:st|nd|rd|th)\b(?! (?:of|time|thing|one|call|person|step|place|floor|year|quarter|of the month))/g,
    (m, d: string) => {
      const day = Number(d);
      if (day < 1 || day > 31) return m;
      const monthIndex = day >= today.day ? today.month - 1 : today.month % 12;
      return `on ${months[monthIndex]} ${day}`;
    },
  );
}

/** "after 5" is read by the parser as "at 5"; the word said is kept to shape the window. */
function withPrepositionsAsAt(text: string): { text: string; preps: Array<{ at: number; word: string }> } {
  const preps: Array<{ at: number; word: string }> = [];
  let shift = 0;
  const out = text.replace(PREPOSITION, (m, word: string, _at: string | undefined, _mm: string | undefined, offset: number) => {
    preps.push({ at: offset + shift, word });
    shift += 3 - m.length;
    return 'at ';
  });
  return { text: out, preps };
}

/** The window a parsed time stands for, on the caller's wall clock. */
function windowOf(
  result: chrono.ParsedResult,
  zone: string,
  prep: string | null,
  callStartMs: number,
  today: WallClock,
): { startMs: number; endMs: number } {
  if (RELATIVE_TIME.test(result.text)) {
    const at = result.start.date().getTime();
    return { startMs: at, endMs: at + 30 * MINUTE };
  }
  const c = result.start;
  const w = windowOnDay(result, zone, prep, callStartMs, 0, today);
  if (w.endMs > callStartMs || c.isCertain('day')) return w;
  // The parser moved dates forward before the afternoon reading of "at 3", and keeps "Monday at
  // nine" said on a Monday at ten on that morning: a time that has passed means the next one.
  return windowOnDay(result, zone, prep, callStartMs, c.isCertain('weekday') ? 7 : 1, today);
}

function windowOnDay(
  result: chrono.ParsedResult,
  zone: string,
  prep: string | null,
  callStartMs: number,
  addDays: number,
  today: WallClock,
): { startMs: number; endMs: number } {
  const text = result.text;
  const c = result.start;
  // A time said without a day ("before three") is on the call's day; the parser may have moved it.
  const dated = c.isCertain('day') || c.isCertain('weekday') || DAY_WORD.test(text);
  const base = dated ? { year: c.get('year') ?? 1970, month: c.get('month') ?? 1, day: c.get('day') ?? 1 } : today;
  const day = { year: base.year, month: base.month, day: base.day + addDays };
  const at = (hour: number, minute = 0): number => instantOfWallClock(zone, { ...day, hour, minute });
  if (c.isCertain('hour')) {
    let hour = c.get('hour') ?? 0;
    if (!c.isCertain('meridiem') && AFTERNOON_WITHOUT_MERIDIEM(hour)) hour += 12;
    const t = at(hour, c.get('minute') ?? 0);
    if (prep === 'after') return { startMs: t, endMs: t + 3 * HOUR };
    if (prep === 'before' || prep === 'by' || prep === 'until' || prep === 'till')
      return { startMs: Math.max(t - 3 * HOUR, callStartMs), endMs: t };
    if (prep === 'around' || prep === 'about') return { startMs: t - 30 * MINUTE, endMs: t + 30 * MINUTE };
    return { startMs: t, endMs: t + HOUR };
  }
  const part = PARTS_OF_DAY.find(([re]) => re.test(text));
  const [from, to] = part ? [part[1], part[2]] : WORKING_DAY;
  return { startMs: at(from), endMs: at(to) };
}

function kindOf(sentence: string, speaker: string): SpokenTimeKind {
  if (BOOKED_CUE.test(sentence) && speaker !== 'customer') return 'appointment';
  if (CALLBACK_CUE.test(sentence)) return 'callback';
  return 'mentioned';
}

/** Every future time said on the call, in the order said. Past-looking times are left out. */
export function findSpokenTimes(turns: readonly SpokenTimeTurn[], ctx: SpokenTimeContext): SpokenTime[] {
  const callStartMs = ctx.callStartedAt ? Date.parse(ctx.callStartedAt) : NaN;
  if (!Number.isFinite(callStartMs)) return [];
  const zone = ctx.timeZone ?? ctx.fallbackTimeZone;
  const reference = { instant: new Date(callStartMs), timezone: zoneOffsetMinutes(zone, callStartMs) };
  const today = wallClockAt(callStartMs, zone);
  const found: SpokenTime[] = [];
  for (const turn of turns) {
    for (const sentence of sentences(turn.text)) {
      const spoken = digitsForSpokenNumbers(sentence);
      if (!MAY_NAME_A_TIME.test(spoken) || PAST_CUE.test(spoken)) continue;
      const { text, preps } = withPrepositionsAsAt(withMonthForBareDay(spoken, today));
      for (const result of chrono.en.casual.parse(text, reference, { forwardDate: true })) {
        if (NOT_A_TIME.test(result.text.trim())) continue;
        const prep = preps.find((p) => p.at >= result.index && p.at < result.index + result.text.length)?.word ?? null;
        const w = windowOf(result, zone, prep, callStartMs, today);
        // "Monday" on a Tuesday call means next Monday (forwardDate); what still ended before the call is history.
        if (!(w.endMs > callStartMs) || w.startMs > callStartMs + 366 * 24 * HOUR) continue;
        found.push({
          kind: kindOf(spoken, turn.speaker),
          startMs: w.startMs,
          endMs: w.endMs,
          start: isoInZone(w.startMs, zone),
          end: isoInZone(w.endMs, zone),
          timeZone: zone,
          zoneAssumed: ctx.timeZone === null,
          expression: result.text,
          quote: sentence.length <= 200 ? sentence : `${sentence.slice(0, 197)}...`,
          speaker: turn.speaker,
          saidAt: turn.start,
        });
      }
    }
  }
  return found;
}
