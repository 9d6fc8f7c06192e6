import { z } from 'zod';
import { method } from './define';

/** One lead of the next-dial queue as `queue --json` and listQueue give it, best first. */
export const queueItemSchema = z.object({
  lead_id: z.string(),
  /** 1 = dial first. The same rank the app's queue and REST /leads give it. */
  rank: z.number().int(),
  priority: z.number(),
  phone_number: z.string().nullable(),
  score: z.number().nullable(),
  probability: z.number().nullable(),
  band: z.string().nullable(),
  call_ids: z.array(z.string()),
  rank_reason: z.string(),
});
export type QueueItemDto = z.infer<typeof queueItemSchema>;

export const queueMethods = {
  listQueue: method(
    z.object({ limit: z.number().int().positive().max(200_000).optional() }),
    z.object({ items: z.array(queueItemSchema) }),
    'The ranked next-dial queue of open leads, best first, each with why it ranks there.',
  ),
};
