import { z } from 'zod';
import { method } from './define';

export const reportsSchema = z.object({
  histogram: z.array(z.object({ bucket: z.string(), lead: z.number().int(), qa: z.number().int() })),
  bandConversion: z.array(z.object({ band: z.string(), leads: z.number().int(), converted: z.number().int(), rate: z.number().nullable() })),
  liftByDecile: z.array(z.object({ decile: z.number().int(), leads: z.number().int(), rate: z.number().nullable(), lift: z.number().nullable() })),
  /** AUC of the rubric lead score on the leads with a known outcome (null without both outcomes). */
  scoreAuc: z.number().nullable(),
  /**
   * The live conversion model's own out-of-fold figures (each lead predicted by a model that had
   * not seen it): AUC, lift by decile and reliability. Null while the rubric score is the basis.
   */
  model: z
    .object({
      modelId: z.number().int(),
      trainedAt: z.string(),
      outcomes: z.number().int(),
      auc: z.number().nullable(),
      liftByDecile: z.array(z.object({ decile: z.number().int(), leads: z.number().int(), rate: z.number().nullable(), lift: z.number().nullable() })),
    })
    .nullable(),
  /** 'model': reliability is the live model's out-of-fold one; 'score' uses score/100 until a model is live. */
  reliabilityBasis: z.enum(['model', 'score']),
  reliability: z.array(z.object({ bin: z.string(), predicted: z.number(), actual: z.number(), n: z.number().int() })),
  agents: z.array(
    z.object({
      agent: z.string(),
      calls: z.number().int(),
      talkRatio: z.number().nullable(),
      sentiment: z.number().nullable(),
      qa: z.number().nullable(),
      conversion: z.number().nullable(),
    }),
  ),
  coaching: z.array(
    z.object({
      agent: z.string(),
      missed: z.array(z.object({ criterion: z.string(), description: z.string(), missRate: z.number(), examples: z.array(z.object({ call_id: z.string(), lead_id: z.string().nullable() })) })),
    }),
  ),
  trend: z.array(z.object({ week: z.string(), calls: z.number().int(), lead: z.number().nullable(), qa: z.number().nullable(), converted: z.number().int() })),
});
export type Reports = z.infer<typeof reportsSchema>;

export const topicSchema = z.object({
  /** The topic's terms (lemmas and two-word phrases), strongest first, each with the calls that said it. */
  terms: z.array(z.object({ term: z.string(), calls: z.number().int() })),
  calls: z.number().int(),
  /** Share of the period's calls (of the group) on this topic. */
  share: z.number(),
  /** Its share of the previous weeks' calls; null when there were too few to compare. */
  baselineShare: z.number().nullable(),
  /** Said by at least three times the share of calls it had before: a new objection shows up here. */
  isNew: z.boolean(),
  quotes: z.array(z.object({ call_id: z.string(), lead_id: z.string().nullable(), start: z.number(), quote: z.string() })),
});
export type Topic = z.infer<typeof topicSchema>;

export const topicsReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  baselineFrom: z.string(),
  /** All campaigns first (campaign null), then one group per campaign with calls in the period. */
  groups: z.array(
    z.object({ campaign: z.string().nullable(), calls: z.number().int(), baselineCalls: z.number().int(), topics: z.array(topicSchema) }),
  ),
});
export type TopicsReport = z.infer<typeof topicsReportSchema>;

export const csvReportSchema = z.enum(['agents', 'calls', 'queue']);

export const reportMethods = {
  getReports: method(z.object({}), reportsSchema, 'Coaching, distributions, conversion by band and decile, reliability, agents, trends.'),
  getTopics: method(
    z.object({ days: z.number().int().min(1).max(31).default(7) }),
    topicsReportSchema,
    "What customers talked about most in the last days (7: this week), overall and by campaign, with terms, example quotes and what is new.",
  ),
  exportCsv: method(
    z.object({ report: csvReportSchema }),
    z.object({ filename: z.string(), csv: z.string() }),
    'A report as CSV text, safe against spreadsheet formula injection.',
  ),
  searchTranscripts: method(
    z.object({ query: z.string().min(1).max(200), limit: z.number().int().positive().max(200).default(50) }),
    z.object({
      hits: z.array(
        z.object({ call_id: z.string(), lead_id: z.string().nullable(), name: z.string().nullable(), call_start_time: z.string().nullable(), snippet: z.string(), agent: z.string().nullable() }),
      ),
    }),
    'Full-text search over every transcript (SQLite FTS5).',
  ),
};

/** Search snippets wrap each matched term in these, for the renderer to highlight. */
export const SNIPPET_MARK = { start: '\u2063[', end: ']\u2063' } as const;
