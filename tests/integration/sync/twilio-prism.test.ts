import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../../electron/net/retrying-fetch';
import { authHeader, listCallRecordings, listCalls, listRecordings, type TwilioApiOptions } from '../../../electron/sync/twilio/twilio-api';
import { startPrism, type PrismServer } from '../../fixtures/servers/prism';
import { SetUp } from '../../fixtures/set-up';

// The spec constrains AccountSid to ^AC[0-9a-fA-F]{32}$ and requires HTTP basic auth.
const credentials = { accountSid: 'AC' + 'a'.repeat(32), authToken: 'prism-token' };
const prism = new SetUp<PrismServer>();

beforeAll(() => prism.start(() => startPrism('twilio_api_v2010.json')), 150_000);
afterAll(async () => {
  await prism.started()?.stop();
});

async function firstPage<T>(gen: AsyncGenerator<T>): Promise<T> {
  const r = await gen.next();
  if (r.done) throw new Error('no page');
  return r.value;
}

describe('Twilio client against Prism serving twilio_api_v2010.json', () => {
  const api = async (): Promise<TwilioApiOptions> => ({ baseUrl: (await prism.get()).baseUrl, credentials, pageSize: 50, policy: { maxAttempts: 1 } });

  it('starts Prism on the official spec', async () => {
    await expect(prism.get()).resolves.toHaveProperty('baseUrl');
  });

  it('sends calls and recordings list requests (date filters, page size, basic auth) that the official spec accepts', async () => {
    const calls = await firstPage(listCalls(await api(), '2026-10-01'));
    expect(calls.calls.map((c) => c.sid)).toEqual(['CA' + 'a'.repeat(32), 'CA' + 'a'.repeat(31) + '0']);
    const recs = await firstPage(listRecordings(await api(), '2026-10-01'));
    expect(recs.recordings.map((r) => r.sid)).toContain('RE' + 'a'.repeat(32));
    expect(await listCallRecordings(await api(), 'CA' + 'a'.repeat(32))).toHaveLength(1);
  });

  it('is really checked: a request that breaks the spec is refused', async () => {
    const base = `${(await prism.get()).baseUrl}/2010-04-01/Accounts/${credentials.accountSid}/Calls.json`;
    expect((await fetch(`${base}?PageSize=many`, { headers: { authorization: authHeader(credentials) } })).status).toBe(422);
    expect((await fetch(`${base}?PageSize=50`)).status).toBe(401);
  });

  it('follows next_page_uri; the spec example\'s own link breaks the spec, and the error says exactly how', async () => {
    // readFullPage1's next_page_uri carries StartTime=2008-01-02 where the spec demands date-time:
    // an inconsistency in the published file, reported here rather than hidden.
    const pages = listCalls(await api());
    await pages.next();
    const err = await pages.next().then(() => null, (e: unknown) => e as HttpError);
    expect(err?.status).toBe(422);
    expect(err?.body).toMatch(/starttime must match format \\"date-time\\"/);
  });
});
