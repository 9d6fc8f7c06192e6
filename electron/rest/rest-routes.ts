import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CoreContext } from '../core/context';
import { corePhoneRegion } from '../settings/phone-region';
import type { PhoneRegion } from '../ingest/phone';
import { BodyError } from '../server/read-body';
import { decodePart } from '../server/token';
import type { ExtraRoute } from '../server/http-server';
import { recordingsStore } from '../sync/recordings-store';
import { uploadCall } from './calls-route';
import { changeConnector, listConnectors, syncNow } from './connectors-routes';
import { RestError, sendJson } from './http-io';
import { createLead, getLeadDetail, getLeads, updateLead } from './leads-routes';
import { createScoringRule, listScoringRules, replaceScoringRule } from './scoring-rules-routes';
import { eraseFromRequest } from '../erasure/erasure-route';

type Handler = (req: IncomingMessage, url: URL, params: string[]) => Promise<{ status: number; body: unknown }>;

const ok = (body: unknown, status = 200): { status: number; body: unknown } => ({ status, body });

/**
 * The REST API for other tools (docs/openapi.yaml), behind the server's token like the rest of
 * /api/. Each route answers JSON; bad input is a 400 that names every wrong field.
 */
export function restRoutes(ctx: CoreContext, dbPath: string): ExtraRoute[] {
  const { db } = ctx;
  const recordingsDir = recordingsStore(dbPath, 'api');
  // Read per request, so the region set in Settings applies at once.
  const region = (): PhoneRegion => corePhoneRegion(ctx);
  const table: { method: string; path: RegExp; handle: Handler }[] = [
    { method: 'GET', path: /^\/api\/leads$/, handle: async (_r, url) => ok(getLeads(db, url)) },
    { method: 'POST', path: /^\/api\/leads$/, handle: async (req) => ok(await createLead(db, req, region()), 201) },
    { method: 'PUT', path: /^\/api\/leads$/, handle: async (req) => ok(await updateLead(db, req, region(), () => ctx.events.emit('event', { type: 'data-changed', tables: ['leads', 'model_jobs'] }))) },
    { method: 'GET', path: /^\/api\/leads\/([^/]+)$/, handle: async (_r, _u, [id]) => ok(getLeadDetail(db, decodePart(id ?? '', 'lead id in the address'))) },
    { method: 'DELETE', path: /^\/api\/leads\/([^/]+)$/, handle: async (req, _u, [id]) => ok(await eraseFromRequest(ctx, req, decodePart(id ?? '', 'lead id in the address'))) },
    { method: 'POST', path: /^\/api\/erasures$/, handle: async (req) => ok(await eraseFromRequest(ctx, req)) },
    { method: 'POST', path: /^\/api\/calls$/, handle: async (req, url) => uploadCall(ctx, recordingsDir, req, url, region()) },
    { method: 'GET', path: /^\/api\/scoring_rules$/, handle: async (_r, url) => ok(listScoringRules(db, url)) },
    { method: 'POST', path: /^\/api\/scoring_rules$/, handle: async (req) => ok(await createScoringRule(ctx, req), 201) },
    { method: 'PUT', path: /^\/api\/scoring_rules$/, handle: async (req) => ok(await replaceScoringRule(ctx, req)) },
    { method: 'GET', path: /^\/api\/connectors$/, handle: async () => ok(listConnectors(db)) },
    { method: 'PUT', path: /^\/api\/connectors\/([^/]+)$/, handle: async (req, _u, [name]) => ok(await changeConnector(ctx, name ?? '', req)) },
    { method: 'POST', path: /^\/api\/connectors\/([^/]+)\/sync$/, handle: async (_r, _u, [name]) => ok(await syncNow(ctx, name ?? ''), 202) },
  ];
  const route: ExtraRoute = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const matching = table.filter((r) => r.path.test(url.pathname));
    if (!matching.length) return false;
    const hit = matching.find((r) => r.method === req.method);
    if (!hit) {
      res.setHeader('allow', matching.map((r) => r.method).join(', '));
      sendJson(res, 405, { error: `${req.method} is not allowed on ${url.pathname}; use ${matching.map((r) => r.method).join(' or ')}` });
      return true;
    }
    try {
      const r = await hit.handle(req, url, (hit.path.exec(url.pathname) ?? []).slice(1));
      sendJson(res, r.status, r.body);
    } catch (err) {
      if (err instanceof RestError) sendJson(res, err.status, err.issues ? { error: err.message, issues: err.issues } : { error: err.message });
      else if (err instanceof BodyError) sendJson(res, err.status, { error: err.message });
      else throw err;
    }
    return true;
  };
  return [route];
}
