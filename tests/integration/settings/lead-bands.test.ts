import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseAndStoreCall } from '../../../electron/analysis/analyse-and-store';
import { createApiHandlers } from '../../../electron/core/api-handlers';
import { dispatch } from '../../../electron/core/dispatch';
import { createCoreContext } from '../../../electron/core/context';
import { SETTINGS_AUTHOR } from '../../../electron/settings/settings-service';
import { JsonFileSettingsStore } from '../../../electron/settings/settings-store';
import { rankOpenLeads as rankLeads } from '../../../electron/ranking/rank-leads';
import { scoreAndStoreCall } from '../../../electron/scoring/score-and-store';
import { EnvSecretStore } from '../../../electron/secrets/env-secret-store';
import type { ApiEvent } from '../../../shared/api/contract';
import type { SettingsView } from '../../../shared/api/settings';
import { bandFor } from '../../../shared/scoring/bands';
import { pricingAndBookingCall, wrongNumberCall } from '../../unit/scoring/fixtures/example-calls';
import { insertCall, insertLead, tempDbEachTest } from '../scoring/test-db';

const freshDb = tempDbEachTest();

/** A real database with two scored calls, and the settings API over it as `serve` wires it. */
function setup() {
  const t = freshDb();
  const { db } = t;
  insertLead(db, 'L-good', '+14155550123');
  insertLead(db, 'L-wrong', '+12125550188');
  insertCall(db, 'C-good', 'L-good', pricingAndBookingCall());
  insertCall(db, 'C-wrong', 'L-wrong', wrongNumberCall());
  for (const id of ['C-good', 'C-wrong']) {
    analyseAndStoreCall(db, id);
    scoreAndStoreCall(db, id);
  }
  const settingsFile = join(dirname(t.path), 'settings.json');
  const ctx = createCoreContext(db, {
    settings: {
      store: new JsonFileSettingsStore(settingsFile),
      secrets: new EnvSecretStore({}),
      secretStorage: 'none (test)',
      setWatchFolder: async () => {},
      watchedFolder: () => null,
      watchStatus: () => null,
    },
  });
  const events: ApiEvent[] = [];
  ctx.events.on('event', (e) => events.push(e));
  const api = createApiHandlers(ctx);
  const call = (name: string, input: unknown) => dispatch(api, name, input);
  const leadVersions = () =>
    db
      .prepare(
        "SELECT version, active, created_by, definition FROM rubrics WHERE kind = 'lead' ORDER BY version",
      )
      .all() as {
      version: number;
      active: number;
      created_by: string;
      definition: string;
    }[];
  const storedBand = (callId: string) =>
    db.prepare("SELECT score, band FROM scores WHERE call_id = ? AND kind = 'lead'").get(callId) as {
      score: number;
      band: string;
    };
  return { db, call, events, leadVersions, storedBand, settingsFile };
}

describe('lead bands in Settings are the active lead rubric’s bands', () => {
  it('a change saves a new lead rubric version, re-scores at once, and the queue and Settings show it', async () => {
    const { db, call, events, leadVersions, storedBand, settingsFile } = setup();
    const before = (await call('getSettings', {})) as SettingsView;
    expect(before.settings.bandThresholds).toEqual({ hot: 70, warm: 40 });
    expect(before.leadRubric.version).toBe(1);

    // Thresholds just above the good call's score: whatever band it had, it is now cold.
    const { score } = storedBand('C-good');
    expect(score).toBeGreaterThan(0);
    const bands = { hot: Math.min(100, Math.floor(score) + 2), warm: Math.min(100, Math.floor(score) + 1) };
    expect(bandFor(score, before.settings.bandThresholds)).not.toBe('cold');

    const after = (await call('updateSettings', { bandThresholds: bands })) as SettingsView;
    expect(after.settings.bandThresholds).toEqual(bands);
    expect(after.leadRubric.version).toBe(2);
    const versions = leadVersions();
    expect(versions.map((v) => [v.version, v.active, v.created_by])).toEqual([
      [1, 0, 'system'],
      [2, 1, SETTINGS_AUTHOR],
    ]);
    // Only the bands differ between the versions.
    const [v1, v2] = versions.map((v) => JSON.parse(v.definition) as Record<string, unknown>);
    expect(v2).toEqual({ ...v1, bands });

    expect(storedBand('C-good').band).toBe('cold');
    expect(rankLeads(db).find((l) => l.lead_id === 'L-good')?.band).toBe('cold');
    // Views hear of the new version, then (re-scored here before the save returns) of the scores.
    expect(events).toContainEqual({ type: 'data-changed', tables: ['rubrics'] });
    expect(events).toContainEqual({ type: 'rescore', kinds: ['lead'], state: 'done', done: 2, total: 2 });
    expect(events).toContainEqual({ type: 'data-changed', tables: ['scores', 'leads'] });
    // The settings file keeps no copy of the bands.
    expect(readFileSync(settingsFile, 'utf8')).not.toMatch(/band/i);
  });

  it('the same bands again add no version; warm above hot is refused; a rubric saved in calibration shows in Settings', async () => {
    const { call, leadVersions } = setup();
    await call('updateSettings', { bandThresholds: { hot: 70, warm: 40 }, engine: 'local-neural' });
    expect(leadVersions()).toHaveLength(1);

    await expect(call('updateSettings', { bandThresholds: { hot: 30, warm: 60 } })).rejects.toThrow(
      /hot threshold must not be below warm/,
    );
    expect(leadVersions()).toHaveLength(1);

    const active = ((await call('listRubrics', { kind: 'lead' })) as { active: Record<string, unknown> })
      .active;
    await call('saveRubric', {
      kind: 'lead',
      definition: { ...active, bands: { hot: 85, warm: 55 } },
      by: 'qa lead',
    });
    const view = (await call('getSettings', {})) as SettingsView;
    expect(view.settings).toMatchObject({ bandThresholds: { hot: 85, warm: 55 }, engine: 'local-neural' });
    expect(view.leadRubric.version).toBe(2);
  });
});
