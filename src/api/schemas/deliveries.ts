import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../../db/pagination';
import { pageQuery } from './common';

export const deliveriesQuerySchema = z.object({
  orderId: z.uuid().optional(),
  leadId: z.uuid().optional(),
  clientId: z.uuid().optional(),
  ...pageQuery(),
});

// The outbox cursor is a sequence number, not the opaque cursor the other lists use.
export const outboxQuerySchema = deliveriesQuerySchema.extend({
  cursor: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: pageQuery(MAX_PAGE_SIZE).limit,
});
