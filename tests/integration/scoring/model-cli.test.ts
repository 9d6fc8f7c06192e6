import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { runCli } from '../../fixtures/cli';
import { conversationData, importConversationData } from './conversation-leads';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('CLI model train | history | rollback', () => {
  it('says when a candidate is kept, not live, lists the versions, and rolls back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cr-model-cli-'));
    dirs.push(dir);
    const dbPath = join(dir, 'callrank.db');
    const db = openDatabase(dbPath);
    importConversationData(db, conversationData(120, 9));
    db.close();

    const first = runCli(['model', 'train', '--db', dbPath]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Model #1 is active \(activated on the same 120 outcomes/);
    expect(first.stdout).toMatch(/Parts \(out-of-fold AUC\): structured \((gbdt|logistic)\) [\d.]+, customer words/);
    const again = runCli(['model', 'train', '--db', dbPath]);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/Model #2 is kept as a candidate, not live: refused on the same 120 outcomes .* does not beat the active model #1/);

    const history = runCli(['model', 'history', '--db', dbPath]);
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/^#2 refused .*\n {4}refused on the same 120 outcomes/m);
    expect(history.stdout).toMatch(/^#1 ACTIVE .*\+text/m);

    expect(runCli(['model', 'rollback', '--db', dbPath])).toMatchObject({ code: 2, stderr: expect.stringContaining('say which model to restore') });
    expect(runCli(['model', 'rollback', 'latest', '--db', dbPath])).toMatchObject({ code: 2, stderr: expect.stringContaining('"latest" is not a model id') });
    expect(runCli(['model', 'rollback', '2', '--db', dbPath])).toMatchObject({ code: 1, stderr: expect.stringContaining('Not rolled back: model #2 was never live') });
    const rubric = runCli(['model', 'rollback', 'rubric', '--db', dbPath]);
    expect(rubric).toMatchObject({ code: 0, stdout: 'The rubric score is the basis again (model #1 no longer live).\n' });
    const back = runCli(['model', 'rollback', '#1', '--db', dbPath, '--json']);
    expect(JSON.parse(back.stdout)).toEqual({ active: 1, previous: null, predictions: 120 });
  });
});
