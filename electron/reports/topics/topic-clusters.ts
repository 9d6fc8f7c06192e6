/**
 * Topics without naming them first: the terms that set this period's customer turns apart
 * (TF-IDF at the call level, so a word every call has weighs nothing and one chatty caller counts
 * once), grouped by how often they are said in the same turn (normalised PMI). Pure: the caller
 * reads the calls and their terms. Design: docs/design/topics-across-calls.md.
 */
export interface TopicTurn {
  start: number;
  text: string;
  terms: readonly string[];
}

export interface TopicCall {
  callId: string;
  leadId: string | null;
  /** True for the period reported, false for the earlier weeks it is compared with. */
  inPeriod: boolean;
  turns: readonly TopicTurn[];
}

export interface Topic {
  terms: Array<{ term: string; calls: number }>;
  calls: number;
  share: number;
  /** Share of the earlier weeks' calls; null when there were too few to compare with. */
  baselineShare: number | null;
  /** Said in at least three times the share of calls it had before. */
  isNew: boolean;
  quotes: Array<{ callId: string; leadId: string | null; start: number; quote: string }>;
}

/** Candidates considered for grouping; beyond these, terms are too rare to make a topic. */
const CANDIDATES = 80;
/** Terms that go together: said in the same turn far more often than chance (NPMI, -1..1). */
const MIN_NPMI = 0.25;
const MIN_TOGETHER = 2;
const TERMS_PER_TOPIC = 6;
const QUOTES_PER_TOPIC = 3;
/** Fewer earlier calls than this say nothing about what is new. */
const MIN_BASELINE_CALLS = 10;
const NEW_FACTOR = 3;

/** Calls saying each term: in the period, and in all the calls read. One pass, one set per call. */
function documentFrequencies(calls: readonly TopicCall[]): { period: Map<string, number>; all: Map<string, number> } {
  const period = new Map<string, number>();
  const all = new Map<string, number>();
  const seen = new Set<string>();
  for (const c of calls) {
    seen.clear();
    for (const turn of c.turns) for (const t of turn.terms) seen.add(t);
    for (const t of seen) {
      all.set(t, (all.get(t) ?? 0) + 1);
      if (c.inPeriod) period.set(t, (period.get(t) ?? 0) + 1);
    }
  }
  return { period, all };
}

/** A turn is on a topic when it says the topic's first term, or two of its terms. */
function turnOnTopic(turn: TopicTurn, topic: ReadonlySet<string>, seed: string): number {
  let hits = 0;
  for (const t of turn.terms) if (topic.has(t)) hits += t === seed ? 2 : 1;
  return hits >= 2 ? hits : 0;
}

function shortQuote(text: string, max = 200): string {
  const t = text.trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

export function findTopics(calls: readonly TopicCall[], maxTopics = 10): Topic[] {
  const period = calls.filter((c) => c.inPeriod);
  const baseline = calls.filter((c) => !c.inPeriod);
  if (period.length === 0) return [];
  const { period: dfPeriod, all: dfAll } = documentFrequencies(calls);
  const minCalls = Math.max(2, Math.ceil(period.length * 0.02));
  const score = new Map<string, number>();
  for (const [term, df] of dfPeriod) {
    if (df < minCalls) continue;
    // Smoothed IDF (+1, as scikit-learn): a term every call has still counts, by its share alone.
    score.set(term, (df / period.length) * (1 + Math.log((calls.length + 1) / ((dfAll.get(term) ?? 0) + 1))));
  }
  const candidates = [...score]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, CANDIDATES)
    .map(([t]) => t);
  const candidateSet = new Set(candidates);

  // Turn-level counts among the candidates.
  const turnCount = new Map<string, number>();
  const together = new Map<string, number>();
  let turns = 0;
  for (const c of period)
    for (const turn of c.turns) {
      // A turn's terms are distinct already (turnTerms).
      const here = turn.terms.filter((t) => candidateSet.has(t));
      if (here.length === 0) continue;
      turns++;
      for (const a of here) {
        turnCount.set(a, (turnCount.get(a) ?? 0) + 1);
        for (const b of here) if (a < b) together.set(`${a}\u0000${b}`, (together.get(`${a}\u0000${b}`) ?? 0) + 1);
      }
    }
  const pair = (a: string, b: string): number => together.get(a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`) ?? 0;
  const npmi = (a: string, b: string): number => {
    const n = pair(a, b);
    if (n === 0 || turns === 0) return -1;
    const pab = n / turns;
    if (pab >= 1) return 1;
    return Math.log(pab / (((turnCount.get(a) ?? 1) / turns) * ((turnCount.get(b) ?? 1) / turns))) / -Math.log(pab);
  };

  const assigned = new Set<string>();
  const topics: Topic[] = [];
  for (const seed of candidates) {
    if (topics.length >= maxTopics) break;
    if (assigned.has(seed)) continue;
    const members = candidates
      .filter((t) => t !== seed && !assigned.has(t))
      .map((t) => ({ t, strength: seed.split(' ').includes(t) || t.split(' ').includes(seed) ? 1 : npmi(seed, t) }))
      .filter((m) => m.strength >= MIN_NPMI && pair(seed, m.t) >= MIN_TOGETHER)
      .sort((a, b) => b.strength * (score.get(b.t) ?? 0) - a.strength * (score.get(a.t) ?? 0) || a.t.localeCompare(b.t))
      .slice(0, TERMS_PER_TOPIC - 1)
      .map((m) => m.t);
    const terms = [seed, ...members];
    for (const t of terms) assigned.add(t);
    // Phrases built on the topic's nouns ("association rule" beside "association"), and the nouns
    // of those ("rule"), are the same topic in other words: absorbed, so they do not come back as
    // topics of their own. Two steps only: a chain of shared words would join unrelated topics.
    const words = (t: string): string[] => t.split(' ');
    const nouns = new Set(terms.flatMap((t) => (!t.includes(' ') ? [t] : t === seed ? words(t) : [])));
    const near = candidates.filter(
      (t) => !assigned.has(t) && (t.includes(' ') ? words(t).some((w) => nouns.has(w)) : terms.some((m) => words(m).includes(t))),
    );
    for (const t of near) assigned.add(t);
    const inNear = candidates.filter((t) => !assigned.has(t) && !t.includes(' ') && near.some((n) => words(n).includes(t)));
    for (const t of inNear) assigned.add(t);
    terms.push(...near, ...inNear);
    topics.push(describe(terms, period, baseline, dfPeriod));
  }
  return topics.filter((t) => t.calls >= minCalls).sort((a, b) => b.calls - a.calls || Number(b.isNew) - Number(a.isNew));
}

/** `terms`: the topic's own first (shown), then those it absorbed (matched, not shown). */
function describe(terms: string[], period: readonly TopicCall[], baseline: readonly TopicCall[], df: Map<string, number>): Topic {
  const set = new Set(terms);
  const seed = terms[0] as string;
  const on = (c: TopicCall): boolean => c.turns.some((t) => turnOnTopic(t, set, seed) > 0);
  const calls = period.filter(on).length;
  const share = calls / period.length;
  const baselineShare = baseline.length >= MIN_BASELINE_CALLS ? baseline.filter(on).length / baseline.length : null;
  const seen = new Set<string>();
  const quotes = period
    .map((c) => {
      const best = c.turns.reduce<{ turn: TopicTurn | null; hits: number }>(
        (acc, turn) => {
          const hits = turnOnTopic(turn, set, seed);
          return hits > acc.hits ? { turn, hits } : acc;
        },
        { turn: null, hits: 0 },
      );
      return { call: c, ...best };
    })
    .filter((q): q is { call: TopicCall; turn: TopicTurn; hits: number } => q.turn !== null)
    .sort((a, b) => b.hits - a.hits || a.turn.text.length - b.turn.text.length || a.call.callId.localeCompare(b.call.callId))
    // Different words are worth more than the same sentence from three callers.
    .filter((q) => {
      const key = q.turn.text.trim().toLowerCase();
      return !seen.has(key) && seen.add(key) !== undefined;
    })
    .slice(0, QUOTES_PER_TOPIC)
    .map((q) => ({ callId: q.call.callId, leadId: q.call.leadId, start: q.turn.start, quote: shortQuote(q.turn.text) }));
  return {
    terms: terms.slice(0, TERMS_PER_TOPIC).map((term) => ({ term, calls: df.get(term) ?? 0 })),
    calls,
    share: Math.round(share * 1000) / 1000,
    baselineShare: baselineShare === null ? null : Math.round(baselineShare * 1000) / 1000,
    isNew: baselineShare !== null && calls >= 3 && baselineShare * NEW_FACTOR <= share,
    quotes,
  };
}
