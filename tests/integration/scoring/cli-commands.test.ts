import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs } from '../../../electron/cli/args';
import type { CliCommand } from '../../../electron/cli/command';
import { importCommand } from '../../../electron/cli/commands/import';
import { modelCommand } from '../../../electron/cli/commands/model';
import { rescoreCommand } from '../../../electron/cli/commands/rescore';
import { openDatabase } from '../../../electron/db/open';
import { rng } from '../../bench/scoring-synthetic-calls';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk.toString());
        cb();
      },
    }),
    text: () => chunks.join(''),
  };
}

async function run(command: CliCommand, argv: string[], dbPath: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = sink();
  const err = sink();
  const code = await command.run({ args: parseArgs(argv, new Set(['json'])), io: { stdout: out.stream, stderr: err.stream }, dbPath });
  return { code, stdout: out.text(), stderr: err.text() };
}

function workspace(): { dir: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cr-cli-'));
  dirs.push(dir);
  return { dir, db: join(dir, 'callrank.db') };
}

/** A CRM export with its own column names, ';' separated, quoted names and a converted column in words. */
function crmExport(n: number): string {
  const r = rng(99);
  const lines = ['"Lead Ref";"Full Phone";"Origin";"Status";"Won?";"Visits";"Plan"'];
  for (let i = 0; i < n; i++) {
    const visits = Math.floor(r() * 10);
    const won = r() < 0.15 + visits * 0.08;
    lines.push(`"R${i}";"+1 (212) 555-${String(2000 + i)}";"${r() < 0.5 ? 'Web; organic' : 'Ads'}";"open";"${won ? 'won' : 'lost'}";${visits};"${r() < 0.5 ? 'gold' : 'basic'}"`);
  }
  return lines.join('\n') + '\n';
}

describe('scoring CLI commands', () => {
  it('imports leads with --map, evaluates the model on them as JSON, and refuses a file with a bad row', async () => {
    const { dir, db } = workspace();
    const good = join(dir, 'leads.csv');
    writeFileSync(good, crmExport(200));
    const map = 'lead_id=Lead Ref,phone_number=Full Phone,lead_source=Origin,crm_lead_status=Status,converted=Won?';
    const imported = await run(importCommand, ['leads', good, '--map', map], db);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Imported 200 leads: 200 new, 0 updated, 200 outcomes recorded/);
    const check = openDatabase(db);
    const lead = check.prepare("SELECT phone_number, lead_source, outcome, attributes FROM leads WHERE lead_id = 'R0'").get() as Record<string, string>;
    check.close();
    expect(lead.phone_number).toBe('+12125552000');
    expect(lead.lead_source).toMatch(/^(Web; organic|Ads)$/);
    expect(JSON.parse(lead.attributes ?? '{}')).toMatchObject({ Plan: expect.any(String), Visits: expect.any(Number) });

    const evaluated = await run(modelCommand, ['evaluate', '--folds', '4', '--json'], db);
    expect(evaluated.code).toBe(0);
    const report = JSON.parse(evaluated.stdout) as { auc: number; folds: number; rows: number; positives: number; columns: { numeric: string[] } };
    expect(report).toMatchObject({ folds: 4, rows: 200 });
    expect(report.positives).toBeGreaterThan(20);
    expect(report.auc).toBeGreaterThan(0.6);
    expect(report.columns.numeric).toContain('Visits');

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'lead_id,phone_number,converted\nN1,+12125559000,yes\nN2,not-a-phone,no\nN3,+12125559001,maybe\n');
    const refused = await run(importCommand, ['leads', bad], db);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('row 3: phone_number "not-a-phone" is not a valid phone number');
    expect(refused.stderr).toContain('row 4: converted "maybe"');
    const after = openDatabase(db);
    expect(after.prepare("SELECT COUNT(*) AS n FROM leads WHERE lead_id LIKE 'N%'").get()).toEqual({ n: 0 });
    after.close();
  });

  it('imports calls, scores them, re-scores, and evaluates a CSV file directly', async () => {
    const { dir, db } = workspace();
    const calls = join(dir, 'calls.csv');
    writeFileSync(
      calls,
      [
        'call_id,phone_number,call_start_time,call_duration,direction,agent,call_transcript,Budget',
        'K1,+14155550123,2025-03-04T15:30:00Z,4:00,inbound,maria,"Agent: Thanks for calling, my name is Maria.\nCustomer: How much is a cleaning?\nAgent: 149 dollars.\nCustomer: I would like to book an appointment.\nAgent: You\'re booked for Thursday at 3.",5000',
        'K2,+12125550188,2025-03-04T18:00:00Z,30,outbound,tom,"Agent: Hi, is Janet there?\nCustomer: Sorry, you have the wrong number.",',
      ].join('\n'),
    );
    const imported = await run(importCommand, ['calls', calls, '--json'], db);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 2, inserted: 2, imported: true });
    const check = openDatabase(db);
    const scores = check.prepare("SELECT call_id, score FROM scores WHERE kind = 'lead' ORDER BY call_id").all();
    expect(scores).toEqual([
      { call_id: 'K1', score: 90 },
      { call_id: 'K2', score: 0 },
    ]);
    check.close();
    const rescored = await run(rescoreCommand, ['--json'], db);
    // Same rubrics: every stored outcome carries over and nothing changes.
    expect(JSON.parse(rescored.stdout)).toMatchObject({ calls: 2, judged: 0, written: 0 });
    const fromFeatures = await run(rescoreCommand, ['--from-features', '--json'], db);
    expect(JSON.parse(fromFeatures.stdout)).toMatchObject({ calls: 2, judged: 2, written: 0 });

    const file = join(dir, 'labelled.csv');
    const r = rng(5);
    const rows = ['x;colour;y'];
    for (let i = 0; i < 300; i++) {
      const x = r();
      rows.push(`${x.toFixed(3)};${r() < 0.5 ? 'red' : 'blue'};${r() < x ? 'yes' : 'no'}`);
    }
    writeFileSync(file, rows.join('\n'));
    const direct = await run(modelCommand, ['evaluate', '--csv', file, '--label', 'y', '--folds', '3', '--json', '--exclude', 'colour'], '/nonexistent/never-opened.db');
    expect(direct.code).toBe(0);
    const rep = JSON.parse(direct.stdout) as { auc: number; rows: number; folds: number; columns: { numeric: string[]; categorical: string[] } };
    expect(rep).toMatchObject({ rows: 300, folds: 3 });
    expect(rep.columns).toMatchObject({ numeric: ['x'], categorical: [] });
    expect(rep.auc).toBeGreaterThan(0.7);
  });
});
