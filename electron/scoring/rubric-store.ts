import type Database from 'better-sqlite3';
import { parseRubric, type Rubric, type RubricKind } from '../../shared/scoring/rubric';
import { DEFAULT_LEAD_RUBRIC, DEFAULT_QA_RUBRIC } from './default-rubrics';

export interface StoredRubric {
  rubricId: number;
  version: number;
  rubric: Rubric;
}

/** Inserts the shipped rubrics as version 1, active, for each kind that has no rubric yet. */
export function ensureDefaultRubrics(db: Database.Database): void {
  const has = db.prepare('SELECT 1 FROM rubrics WHERE kind = ? LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO rubrics (kind, version, name, definition, active, created_by, created_at) VALUES (?, 1, ?, ?, 1, 'system', ?)`,
  );
  db.transaction(() => {
    for (const rubric of [DEFAULT_LEAD_RUBRIC, DEFAULT_QA_RUBRIC]) {
      if (!has.get(rubric.kind)) insert.run(rubric.kind, rubric.name, JSON.stringify(rubric), new Date().toISOString());
    }
  })();
}

export function loadActiveRubrics(db: Database.Database): StoredRubric[] {
  ensureDefaultRubrics(db);
  const rows = db
    .prepare('SELECT rubric_id, version, definition FROM rubrics WHERE active = 1 ORDER BY kind')
    .all() as Array<{ rubric_id: number; version: number; definition: string }>;
  return rows.map((r) => ({ rubricId: r.rubric_id, version: r.version, rubric: parseRubric(JSON.parse(r.definition)) }));
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
  const get = db.prepare('SELECT version, definition FROM rubrics WHERE rubric_id = ?');
  const seen = new Map<number, StoredRubric | undefined>();
  return (rubricId) => {
    if (!seen.has(rubricId)) {
      const row = get.get(rubricId) as { version: number; definition: string } | undefined;
      seen.set(rubricId, row && { rubricId, version: row.version, rubric: parseRubric(JSON.parse(row.definition)) });
    }
    return seen.get(rubricId);
  };
}
