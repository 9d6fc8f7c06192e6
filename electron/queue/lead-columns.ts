import type { Db } from '../db/open';
import type { BandThresholds } from '../../shared/scoring/rubric';
import { bandFor } from '../../shared/scoring/bands';
import { RANK_POINTS_SQL, rankPriority, registerRankFunction } from '../ranking/rank-formula';
import { tableExists } from './snapshot';

/**
 * The queue as columns, one typed array per field, row i = the i-th lead in rowid order. Numbers
 * only: 100k leads cost a few MB, sort with native typed-array sorts, and never become 100k
 * objects. NaN stands for "no value". Text (name, campaign, agent) loads separately (lead-text.ts).
 */
export interface LeadColumns {
  n: number;
  rowid: Float64Array;
  score: Float64Array;
  probability: Float64Array;
  attempts: Int32Array;
  createdMs: Float64Array;
  lastCalledMs: Float64Array;
  callbackMs: Float64Array;
  /** Unclamped points of a zero-score lead's latest call (RankInput.points); NaN otherwise. */
  points: Float64Array;
  /** 0 open, 1 converted, 2 lost. */
  outcome: Uint8Array;
  /** 0 unscored, 1 cold, 2 warm, 3 hot. */
  band: Uint8Array;
  priority: Float64Array;
}

/** The columns as read from SQL (or stored): everything but what the clock and the bands decide. */
export type ReadColumns = Omit<LeadColumns, 'band' | 'priority'>;

export const OUTCOME_CODE: Record<string, number> = { converted: 1, lost: 2 };
export const BAND_CODE = { cold: 1, warm: 2, hot: 3 } as const;

/** Rows per step between yields: 500 keep a step to a few ms, so requests slip in between. */
export const CHUNK = 500;


/** The score a lead ranks by: its stored lead score, kept by the one rule in scoring/lead-score.ts. */
export const LEAD_SCORE_SQL = 'l.lead_score';
/** The lead's times as epoch ms, kept on the row by triggers (migration 0045): a scan parses no dates. */
export const CREATED_MS_SQL = 'l.created_ms';
export const LAST_CALLED_MS_SQL = 'l.last_called_ms';
export const CALLBACK_MS_SQL = 'l.callback_ms';
/** The agent of the lead's latest call, kept on the lead row by triggers on calls (migration 0044). */
export const LATEST_AGENT_SQL = `NULLIF(l.last_agent, '')`;

/**
 * A lead's probability counts only when the active model gave it: a prediction left by a model that
 * is no longer live would rank the lead by a number its reason ("ranked by rubric score") denies.
 */
export function predictionJoin(db: Db): { column: string; join: string } {
  return tableExists(db, 'lead_predictions')
    ? {
        column: 'p.probability',
        join: `LEFT JOIN lead_predictions p ON p.lead_id = l.lead_id
                 AND p.model_id IN (SELECT model_id FROM conversion_models WHERE active = 1)`,
      }
    : { column: 'NULL', join: '' };
}

const num = (v: unknown): number => (v === null || v === undefined ? NaN : (v as number));

/**
 * Loads the columns in steps of CHUNK rows by rowid; the caller decides whether to yield to the
 * event loop between steps (the API does, so other requests keep flowing) or not (CSV export).
 * Numbers only: text would double the scan, and the first sorts a supervisor clicks are numeric.
 */
export function* loadLeadColumns(db: Db): Generator<void, ReadColumns> {
  const n = (db.prepare('SELECT count(*) FROM leads').pluck().get() as number) + CHUNK; // room for rows added meanwhile
  const pred = predictionJoin(db);
  registerRankFunction(db);
  const stmt = db
    .prepare(
      `SELECT l.rowid, ${LEAD_SCORE_SQL}, ${pred.column}, l.call_count, ${CREATED_MS_SQL}, ${LAST_CALLED_MS_SQL},
              CASE l.outcome WHEN 'converted' THEN 1 WHEN 'lost' THEN 2 ELSE 0 END, ${CALLBACK_MS_SQL}, ${RANK_POINTS_SQL}
       FROM leads l ${pred.join} WHERE l.rowid > ? ORDER BY l.rowid LIMIT ${CHUNK}`,
    )
    .raw();
  const c: ReadColumns = {
    n: 0,
    rowid: new Float64Array(n),
    score: new Float64Array(n),
    probability: new Float64Array(n),
    attempts: new Int32Array(n),
    createdMs: new Float64Array(n),
    lastCalledMs: new Float64Array(n),
    callbackMs: new Float64Array(n),
    points: new Float64Array(n),
    outcome: new Uint8Array(n),
  };
  let after = 0;
  for (;;) {
    const rows = stmt.all(after) as unknown[][];
    for (const r of rows) {
      if (c.n === n) break; // more rows than counted: the data changed; the caller's key check rebuilds
      const i = c.n++;
      c.rowid[i] = r[0] as number;
      c.score[i] = num(r[1]);
      c.probability[i] = num(r[2]);
      c.attempts[i] = r[3] as number;
      c.createdMs[i] = num(r[4]);
      c.lastCalledMs[i] = num(r[5]);
      c.outcome[i] = r[6] as number;
      c.callbackMs[i] = num(r[7]);
      c.points[i] = num(r[8]);
    }
    if (rows.length < CHUNK) break;
    after = (rows[rows.length - 1] as unknown[])[0] as number;
    yield;
  }
  return trim(c);
}

function trim(c: ReadColumns): ReadColumns {
  const n = c.n;
  return {
    n,
    rowid: c.rowid.slice(0, n),
    score: c.score.slice(0, n),
    probability: c.probability.slice(0, n),
    attempts: c.attempts.slice(0, n),
    createdMs: c.createdMs.slice(0, n),
    lastCalledMs: c.lastCalledMs.slice(0, n),
    callbackMs: c.callbackMs.slice(0, n),
    points: c.points.slice(0, n),
    outcome: c.outcome.slice(0, n),
  };
}

/**
 * Band and priority of every row at `nowMs` under `bands`: computed after a read, and again when
 * only the clock moved or the columns came from the stored index, without reading SQL again.
 */
export function withPriority(c: ReadColumns, nowMs: number, bands: BandThresholds): LeadColumns {
  const band = new Uint8Array(c.n);
  const priority = new Float64Array(c.n);
  for (let i = 0; i < c.n; i++) {
    const score = c.score[i] as number;
    band[i] = score === score ? BAND_CODE[bandFor(score, bands)] : 0;
    priority[i] = rankPriority(
      score,
      c.probability[i] as number,
      c.attempts[i] as number,
      c.createdMs[i] as number,
      c.callbackMs[i] as number,
      nowMs,
      c.points[i] as number,
    );
  }
  return { ...c, band, priority };
}
