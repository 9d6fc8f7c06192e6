import type Database from 'better-sqlite3';
import { stmt } from '../db/statements';
import { parseRubric, type Rubric, type RubricKind } from '../../shared/scoring/rubric';
import { DEFAULT_LEAD_RUBRIC, DEFAULT_QA_RUBRIC } from './default-rubrics';

export interface StoredRubric {
  rubricId: number;
  version: number;
  rubric: Rubric;
}

/** Inserts the shipped rubrics as version 1, active, for each kind that has no rubric yet. */
export function ensureDefaultRubrics(db: Database.Database): void {
  const has = stmt(db, 'SELECT 1 FROM rubrics WHERE kind = ? LIMIT 1');
  const insert = stmt(
    db,
    `INSERT INTO rubrics (kind, version, name, definition, active, created_by, created_at) VALUES (?, 1, ?, ?, 1, 'system', ?)`,
  );
  db.transaction(() => {
    for (const rubric of [DEFAULT_LEAD_RUBRIC, DEFAULT_QA_RUBRIC]) {
      if (!has.get(rubric.kind)) insert.run(rubric.kind, rubric.name, JSON.stringify(rubric), new Date().toISOString());
    }
  })();
}

interface RubricRow {
  rubric_id: number;
  kind: string;
  version: number;
  definition: string;
}

/**
 * Rubrics as parsed, per connection, by id: the score stage reads the active ones for every call,
 * and parsing them each time was 40% of what a re-analysis of 10,000 calls allocated. A version is
 * immutable, yet the stored text is compared too, so a replaced database file is never served stale.
 * Frozen: every caller shares the one object.
 */
const parsedRubrics = new WeakMap<Database.Database, Map<number, { definition: string; stored: StoredRubric }>>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function parsedRubric(db: Database.Database, row: RubricRow): StoredRubric {
  let byId = parsedRubrics.get(db);
  if (!byId) parsedRubrics.set(db, (byId = new Map()));
  const hit = byId.get(row.rubric_id);
  if (hit?.definition === row.definition && hit.stored.version === row.version) return hit.stored;
  const stored = deepFreeze({ rubricId: row.rubric_id, version: row.version, rubric: parseRubric(JSON.parse(row.definition)) });
  byId.set(row.rubric_id, { definition: row.definition, stored });
  return stored;
}

const ACTIVE_RUBRICS = 'SELECT rubric_id, kind, version, definition FROM rubrics WHERE active = 1 ORDER BY kind';

export function loadActiveRubrics(db: Database.Database): StoredRubric[] {
  let rows = stmt(db, ACTIVE_RUBRICS).all() as RubricRow[];
  // The shipped rubrics are written only where a kind has none (and so no active one): a write
  // transaction for every call scored otherwise.
  if (![DEFAULT_LEAD_RUBRIC, DEFAULT_QA_RUBRIC].every((d) => rows.some((r) => r.kind === d.kind))) {
    ensureDefaultRubrics(db);
    rows = stmt(db, ACTIVE_RUBRICS).all() as RubricRow[];
  }
  return rows.map((r) => parsedRubric(db, r));
}

/** A rubric version is immutable: an edit is stored as the next version and becomes the active one. */
export function saveRubricVersion(db: Database.Database, input: unknown, createdBy: string): StoredRubric {
  const rubric = parseRubric(input);
  return db.transaction(() => {
    const { v } = db.prepare('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM rubrics WHERE kind = ?').get(rubric.kind) as { v: number };
    db.prepare('UPDATE rubrics SET active = 0 WHERE kind = ? AND active = 1').run(rubric.kind);
    const info = db
      .prepare(`INSERT INTO rubrics (kind, version, name, definition, active, created_by, created_at) VALUES (?, ?, ?, ?, 1, ?, ?)`)
      .run(rubric.kind, v, rubric.name, JSON.stringify(rubric), createdBy, new Date().toISOString());
    return { rubricId: Number(info.lastInsertRowid), version: v, rubric };
  })();
}

/** The kind's active rubric; the shipped defaults are written as version 1 when there is none yet. */
export function activeRubric(db: Database.Database, kind: RubricKind): StoredRubric {
  const stored = loadActiveRubrics(db).find((r) => r.rubric.kind === kind);
  if (!stored) throw new Error(`no active ${kind} rubric`);
  return stored;
}

/**
 * Rubric versions by id, each parsed once: readers of stored scores (reports, CRM push, the
 * explanation) turn outcome codes into points with the version a score was made with.
 */
export function rubricVersions(db: Database.Database): (rubricId: number) => StoredRubric | undefined {
  const get = stmt(db, 'SELECT rubric_id, kind, version, definition FROM rubrics WHERE rubric_id = ?');
  const seen = new Map<number, StoredRubric | undefined>();
  return (rubricId) => {
    if (!seen.has(rubricId)) {
      const row = get.get(rubricId) as RubricRow | undefined;
      seen.set(rubricId, row && parsedRubric(db, row));
    }
    return seen.get(rubricId);
  };
}
