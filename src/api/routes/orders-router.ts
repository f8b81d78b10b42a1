import { Router } from 'express';
import * as entities from '../../db/repositories/entities-repository';
import { listFeed } from '../../db/repositories/feed-repository';
import { createOrder, updateOrder } from '../../services/entity-changes-service';
import { workflowIdFor } from '../../workflows/definitions';
import { notFound } from '../../errors/app-error';
import { companyOf, type ApiDeps } from '../deps';
import {
  entityListQuerySchema,
  feedQuerySchema,
  orderCreateSchema,
  orderPatchSchema,
} from '../schemas/orders';
import { parseInput, uuidParam } from '../validate';

export function ordersRouter({ db, wakeEventRelay, pendingSends }: ApiDeps): Router {
  const router = Router();

  async function load(companyId: string, id: string) {
    const order = uuidParam.safeParse(id).success ? await entities.findOrder(db, companyId, id) : null;
    if (!order) throw notFound('order');
    return order;
  }

  router.post('/', async (req, res) => {
    const order = await createOrder(db, companyOf(res), parseInput(orderCreateSchema, req.body));
    wakeEventRelay();
    res.status(201).json(order);
  });
  router.get('/', async (req, res) => {
    res.json(
      await entities.listEntities(db, companyOf(res), 'order', parseInput(entityListQuerySchema, req.query)),
    );
  });
  router.get('/:id', async (req, res) => {
    const companyId = companyOf(res);
    const order = await load(companyId, req.params.id);
    // What the workflow will still send; null when Temporal cannot be asked right now.
    const pending = await pendingSends(workflowIdFor(companyId, 'order', order.id));
    res.json({ ...order, pending });
  });
  router.patch('/:id', async (req, res) => {
    const companyId = companyOf(res);
    await load(companyId, req.params.id);
    const order = await updateOrder(db, companyId, req.params.id, parseInput(orderPatchSchema, req.body));
    wakeEventRelay();
    res.json(order);
  });
  router.get('/:id/feed', async (req, res) => {
    const order = await load(companyOf(res), req.params.id);
    res.json(await listFeed(db, companyOf(res), order.id, parseInput(feedQuerySchema, req.query)));
  });
  return router;
}
