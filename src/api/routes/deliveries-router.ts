import { Router } from 'express';
import { z } from 'zod';
import { listDeliveries } from '../../db/repositories/deliveries-repository';
import { listOutbox } from '../../db/repositories/outbox-repository';
import { companyOf, type ApiDeps } from '../deps';
import { parseInput } from '../validate';

const filterSchema = z.object({
  orderId: z.uuid().optional(),
  leadId: z.uuid().optional(),
  clientId: z.uuid().optional(),
  cursor: z.string().optional(),
});

export function deliveriesRouter({ db }: ApiDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await listDeliveries(db, companyOf(res), parseInput(filterSchema, req.query)));
  });
  return router;
}

const OUTBOX_PAGE = 100;

/** The dev outbox: what would have gone to providers, oldest first. */
export function outboxRouter({ db }: ApiDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { cursor, ...filter } = parseInput(
      filterSchema.extend({ cursor: z.coerce.number().int().optional() }),
      req.query,
    );
    const page = await listOutbox(db, companyOf(res), { ...filter, afterSeq: cursor, limit: OUTBOX_PAGE });
    res.json({ messages: page.messages, nextCursor: page.nextSeq === null ? null : String(page.nextSeq) });
  });
  return router;
}
