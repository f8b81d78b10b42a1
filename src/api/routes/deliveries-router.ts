import { Router } from 'express';
import { listDeliveries } from '../../db/repositories/deliveries-repository';
import { listOutbox } from '../../db/repositories/outbox-repository';
import { companyOf, type ApiDeps } from '../deps';
import { deliveriesQuerySchema, outboxQuerySchema } from '../schemas/deliveries';
import { parseInput } from '../validate';

export function deliveriesRouter({ db }: ApiDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await listDeliveries(db, companyOf(res), parseInput(deliveriesQuerySchema, req.query)));
  });
  return router;
}

/** The dev outbox: what would have gone to providers, oldest first. */
export function outboxRouter({ db }: ApiDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { cursor, ...filter } = parseInput(outboxQuerySchema, req.query);
    const page = await listOutbox(db, companyOf(res), { ...filter, afterSeq: cursor });
    res.json({ messages: page.messages, nextCursor: page.nextSeq === null ? null : String(page.nextSeq) });
  });
  return router;
}
