import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { CoreContext } from '../core/context';
import { RestError, jsonBody } from '../rest/http-io';
import { corePhoneRegion } from '../settings/phone-region';
import { eraseLead, type ErasureReport } from './erase-lead';
import { ErasureError, type ErasureTarget } from './erasure-subject';

const body = z.union([
  z.strictObject({ lead_id: z.string().trim().min(1).max(500) }),
  z.strictObject({ phone_number: z.string().trim().min(1).max(100) }),
]);

/** POST /api/erasures {lead_id} or {phone_number}; DELETE /api/leads/{id} is the same by id. */
export async function eraseFromRequest(ctx: CoreContext, req: IncomingMessage, leadId?: string): Promise<ErasureReport> {
  let target: ErasureTarget;
  if (leadId !== undefined) target = { leadId };
  else {
    const b = await jsonBody(req, body);
    target = 'lead_id' in b ? { leadId: b.lead_id } : { phone: b.phone_number };
  }
  try {
    const report = eraseLead(ctx.db, target, { region: corePhoneRegion(ctx), queueChanged: () => ctx.queueIndex.changed() });
    ctx.events.emit('event', { type: 'data-changed', tables: ['leads', 'calls', 'queue'] });
    return report;
  } catch (err) {
    if (err instanceof ErasureError) throw new RestError(err.status, err.message);
    throw err;
  }
}
