import { z } from 'zod';
import { method } from './define';

export const queueItemSchema = z.object({
  lead_id: z.string(),
  phone_number: z.string().nullable(),
  name: z.string().nullable(),
  score: z.number().nullable(),
  call_ids: z.array(z.string()),
});
export type QueueItemDto = z.infer<typeof queueItemSchema>;

export const queueMethods = {
  listQueue: method(
    z.object({ limit: z.number().int().positive().max(200_000).optional() }),
    z.object({ items: z.array(queueItemSchema) }),
    'The ranked next-dial queue, best first.',
  ),
};
