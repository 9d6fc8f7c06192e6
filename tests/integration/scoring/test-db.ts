import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { ensureScoringSchema } from '../../../electron/scoring/scoring-schema';
import type { AnalyseCallInput } from '../../../electron/analysis/analyse-call';

export function tempDb(): { db: Database.Database; path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cr-scoring-'));
  const path = join(dir, 'callrank.db');
  const db = openDatabase(path);
  ensureScoringSchema(db);
  return {
    db,
    path,
    cleanup: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh tempDb() per call, closed and removed after each test of the file that asks for it. */
export function tempDbEachTest(): () => ReturnType<typeof tempDb> {
  let cleanup: (() => void) | undefined;
  afterEach(() => {
    cleanup?.();
    cleanup = undefined;
  });
  return () => {
    const t = tempDb();
    cleanup = t.cleanup;
    return t;
  };
}

export function insertLead(db: Database.Database, leadId: string, phone: string, extra: Record<string, string | null> = {}): void {
  const now = '2025-01-01T00:00:00Z';
  db.prepare(
    `INSERT INTO leads (lead_id, phone_number, lead_source, campaign, attributes, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(leadId, phone, extra.lead_source ?? null, extra.campaign ?? null, extra.attributes ?? '{}', now, now);
}

export function insertCall(db: Database.Database, callId: string, leadId: string | null, input: AnalyseCallInput): void {
  const now = '2025-01-01T00:00:00Z';
  db.prepare(
    `INSERT INTO calls (call_id, lead_id, direction, from_number, to_number, agent, campaign, call_start_time, call_duration, transcript, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    callId,
    leadId,
    input.call.direction,
    input.call.fromNumber,
    input.call.toNumber,
    input.call.agent,
    input.call.campaign,
    input.call.startedAt,
    input.call.durationS,
    input.transcript ? JSON.stringify(input.transcript) : null,
    now,
    now,
  );
}
