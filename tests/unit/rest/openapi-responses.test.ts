import { describe, expect, it } from 'vitest';
import { OpenApiResponses } from '../../integration/rest/openapi-responses';

// The REST test trusts this checker, so it must be shown to catch a body that breaks the file.
describe('docs/openapi.yaml response checking', () => {
  const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('rejects an answer missing a documented field or carrying an undocumented one', async () => {
    const api = new OpenApiResponses();
    expect(api.problems('/api/leads', 'get', 200, { items: [], total: 0, limit: 50, offset: 0 }).join()).toMatch(/next_offset/);
    expect(api.problems('/api/calls', 'post', 201, { call_id: 'C', duplicate: false, note: null, job: null, extra: 1 }).join()).toMatch(/additional/);
    expect(api.problems('/api/leads/{lead_id}', 'get', 200, { lead_id: 'L', lead_score: 1, band: 'tepid', probability: null, calls: [], surprise: 1 }).join()).toMatch(/unevaluated/);
    await expect(api.check('/api/leads', 'GET', json(200, { items: [], total: 0, limit: 50, offset: 0 }))).rejects.toThrow();
    expect(() => api.problems('/api/leads', 'get', 418, {})).toThrow(/not documented/);
  });

  it('accepts a documented error answer through a shared response', async () => {
    const api = new OpenApiResponses();
    await expect(api.check('/api/leads', 'POST', json(400, { error: 'x', issues: [{ path: 'email', message: 'bad' }] }))).resolves.toMatchObject({ status: 400 });
  });
});
