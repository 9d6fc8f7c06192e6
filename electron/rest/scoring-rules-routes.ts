import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { parseRubric, rubricKindSchema, type Rubric } from '../../shared/scoring/rubric';
import { saveRubricAndRescore } from '../calibration/save-rubric';
import type { CoreContext } from '../core/context';
import type { Db } from '../db/open';
import { ensureDefaultRubrics } from '../scoring/rubric-store';
import { jsonBody, parseOr400, queryObject, RestError } from './http-io';

export interface ScoringRuleOut {
  rubric_id: number;
  kind: 'lead' | 'qa';
  version: number;
  name: string;
  active: boolean;
  created_by: string | null;
  created_at: string;
  definition: Record<string, unknown>;
}

const listQuery = z.object({
  kind: rubricKindSchema.optional(),
  active: z.enum(['true', 'false']).optional(),
});

const createBody = z.strictObject({ rubric: z.record(z.string(), z.unknown()), created_by: z.string().trim().min(1).max(200).optional() });
/** base_version: the active version the client edited; a newer one in between is a 409, not a silent overwrite. */
const replaceBody = createBody.extend({ base_version: z.number().int().min(1) });

type Row = Omit<ScoringRuleOut, 'active' | 'definition'> & { active: number; definition: string };

const toOut = (r: Row): ScoringRuleOut => ({ ...r, active: r.active === 1, definition: JSON.parse(r.definition) as Record<string, unknown> });

const SELECT = 'SELECT rubric_id, kind, version, name, active, created_by, created_at, definition FROM rubrics';

export function listScoringRules(db: Db, url: URL): { items: ScoringRuleOut[] } {
  const q = parseOr400(listQuery, queryObject(url), 'query');
  ensureDefaultRubrics(db);
  const rows = db
    .prepare(`${SELECT} WHERE (? IS NULL OR kind = ?) AND (? IS NULL OR active = ?) ORDER BY kind, version DESC`)
    .all(q.kind ?? null, q.kind ?? null, q.active ?? null, q.active === undefined ? null : q.active === 'true' ? 1 : 0) as Row[];
  return { items: rows.map(toOut) };
}

/**
 * Saves through the one path the app's rubric editor uses (saveRubricAndRescore): the new version
 * re-scores every stored call of its kind and tells open views, whichever door it came in by.
 */
function save(ctx: CoreContext, input: unknown, by: string | undefined): ScoringRuleOut {
  let rubric: Rubric;
  try {
    rubric = parseRubric(input);
  } catch (err) {
    // The rubric's own schema says what is wrong; zod's issues become the 400's list.
    const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    const list = issues?.map((i) => ({ path: ['rubric', ...i.path].map(String).join('.'), message: i.message })) ?? [{ path: 'rubric', message: (err as Error).message }];
    throw new RestError(400, `invalid rubric: ${list.map((i) => `${i.path}: ${i.message}`).join('; ')}`, list);
  }
  const { stored } = saveRubricAndRescore(ctx, rubric, by ?? 'api');
  return toOut(ctx.db.prepare(`${SELECT} WHERE rubric_id = ?`).get(stored.rubricId) as Row);
}

/** POST: a new version of the rubric's kind, active from now on (versions are never edited in place). */
export async function createScoringRule(ctx: CoreContext, req: IncomingMessage): Promise<ScoringRuleOut> {
  const b = await jsonBody(req, createBody);
  return save(ctx, b.rubric, b.created_by);
}

/** PUT: replaces the active rubric of its kind, if it is still the version the client started from. */
export async function replaceScoringRule(ctx: CoreContext, req: IncomingMessage): Promise<ScoringRuleOut> {
  const { db } = ctx;
  const b = await jsonBody(req, replaceBody);
  const kind = parseOr400(z.object({ kind: rubricKindSchema }), b.rubric, 'rubric').kind;
  ensureDefaultRubrics(db);
  const active = db.prepare('SELECT version FROM rubrics WHERE kind = ? AND active = 1').get(kind) as { version: number } | undefined;
  if (active && active.version !== b.base_version) {
    throw new RestError(409, `the active ${kind} rubric is version ${active.version}, not ${b.base_version}: reload it and apply your change again`);
  }
  return save(ctx, b.rubric, b.created_by);
}
