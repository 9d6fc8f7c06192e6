import { join } from 'node:path';
import { expect } from 'vitest';
import type { FieldNames } from '../../../electron/crm/crm-adapter';
import type { CrmVendor } from '../../../electron/crm/plan-push';
import { openDatabase, type Db } from '../../../electron/db/open';
import { refreshAllLeadScores } from '../../../electron/scoring/lead-score';
import type { CliResult } from '../../fixtures/cli';
import type { FakeCrmServer, Write } from '../../fixtures/servers/fake-crm-server';
import { runCliAsync } from '../../fixtures/servers/run-cli-async';
import { tempDir } from '../../fixtures/temp';

/** A fake CRM, a fresh database and the CLI pointed at both. */
export interface CrmBed<S extends FakeCrmServer> {
  crm: S;
  db: Db;
  dbPath: string;
  /** `crm <verb> <vendor> --base-url <fake> --db <db> ...more` as one child process. */
  cli(verb: 'push' | 'pull', ...more: string[]): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startCrmBed<S extends FakeCrmServer>(vendor: CrmVendor, crm: S, env: Record<string, string>): Promise<CrmBed<S>> {
  const tmp = tempDir(`cr-${vendor}-`);
  await crm.start();
  const dbPath = join(tmp.path, 'callrank.db');
  const db = openDatabase(dbPath);
  return {
    crm,
    db,
    dbPath,
    cli: (verb, ...more) => runCliAsync(['crm', verb, vendor, '--base-url', crm.baseUrl, '--db', dbPath, ...more], env),
    async close() {
      db.close();
      await crm.stop();
      tmp.cleanup();
    },
  };
}

/**
 * Leads L000.. with one scored call each. `contact(i)` says what the lead carries: an email, only
 * a phone, or nothing to match by.
 */
export function seedScoredLeads(db: Db, n: number, contact: (i: number) => { email: string | null; phone: string | null }): void {
  const now = new Date().toISOString();
  const rubric = {
    kind: 'lead',
    name: 'lead',
    criteria: [
      { id: 'budget', type: 'attribute', attribute: 'attributes.budget', equals: 'yes', description: 'Budget confirmed', points: 25 },
      { id: 'timeline', type: 'intent', intent: 'timeline_stated', description: 'Timeline stated', points: 15 },
    ],
  };
  db.prepare(`INSERT INTO rubrics (kind, version, name, definition, active, created_at) VALUES ('lead', 1, 'lead', ?, 1, ?)`).run(JSON.stringify(rubric), now);
  const lead = db.prepare('INSERT INTO leads (lead_id, email, phone_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const call = db.prepare('INSERT INTO calls (call_id, lead_id, call_start_time, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const score = db.prepare(`INSERT INTO scores (call_id, kind, rubric_id, score, band, qualified, outcomes, scored_at) VALUES (?, 'lead', 1, ?, ?, ?, ?, ?)`);
  for (let i = 0; i < n; i++) {
    const id = `L${String(i).padStart(3, '0')}`;
    const c = contact(i);
    lead.run(id, c.email, c.phone, now, now);
    call.run(`C${i}`, id, `2026-10-0${1 + (i % 5)}T10:00:00Z`, now, now);
    const s = 20 + (i % 80);
        // Both criteria met: the budget earns the most, so it is the top reason.
    score.run(`C${i}`, s, s >= 70 ? 'hot' : s >= 40 ? 'warm' : 'cold', s >= 60 ? 1 : 0, '11', now);
  }
  // The lead score as scoring keeps it (the one rule every push reads).
  refreshAllLeadScores(db);
}

export const phoneOf = (i: number): string => `+1415555${String(1000 + i)}`;

interface ListedChange {
  lead: string;
  /** Where the value lands: id:<record id> when the record is known, else how it is matched. */
  target: string;
  values: string;
}

/** The planned / written lines the CLI printed, without outcome words, in a stable order. */
export function listedChanges(stdout: string): ListedChange[] {
  return stdout
    .split('\n')
    .flatMap((l) => {
      const m = /^\s+(?:planned|written)\s+(\S+) -> (\S+)(?: \[([^\]]+)\])?: (.*?) \((?:first push|was [^)]*)\)$/.exec(l);
      return m ? [{ lead: m[1] as string, target: m[3] ? `id:${m[3]}` : (m[2] as string), values: m[4] as string }] : [];
    })
    .sort((a, z) => a.lead.localeCompare(z.lead));
}

/** A write the fake CRM received, in the CLI's own words, under the vendor's field names. */
function receivedLine(w: Write, names: FieldNames): string {
  const v = (k: keyof FieldNames): string => {
    const x = w.properties[names[k]];
    return x === null || x === undefined || x === '' ? '-' : String(x);
  };
  return `${w.key}: score=${v('score')} band=${v('band')} probability=${v('probability')} top_reason="${v('top_reason')}"`;
}

/**
 * The must-show: the dry run lists exactly the changes the real push then makes. The push prints
 * the same lines as the dry run, and the CRM received exactly those values on exactly those
 * records — nothing more, nothing less. (A fake records a write by id as `id:<record id>`.)
 */
export function expectDryRunEqualsPush(dry: string, pushed: string, writes: readonly Write[], names: FieldNames): void {
  const planned = listedChanges(dry);
  expect(planned.length).toBeGreaterThan(0);
  const sameAsDry = (c: ListedChange): string => `${c.lead} ${c.values}`;
  expect(listedChanges(pushed).map(sameAsDry)).toEqual(planned.map(sameAsDry));
  const plannedTargets = planned.map((c) => `${c.target}: ${c.values}`).sort();
  expect(writes.map((w) => receivedLine(w, names)).sort()).toEqual(plannedTargets);
}
