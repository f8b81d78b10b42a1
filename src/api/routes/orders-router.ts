import { Router } from 'express';
import * as entities from '../../db/repositories/entities-repository';
import { listFeed } from '../../db/repositories/feed-repository';
import { createOrder, updateOrder } from '../../services/entity-changes-service';
import { simulateNewOrder, simulateOrderChange } from '../../services/simulate-service';
import { workflowIdFor } from '../../workflows/definitions';
import { notFound } from '../../errors/app-error';
import { companyOf, type ApiDeps } from '../deps';
import {
  entityListQuerySchema,
  feedQuerySchema,
  newOrderSimulateSchema,
  orderCreateSchema,
  orderPatchSchema,
  orderSimulateSchema,
} from '../schemas/orders';
import { parseInput, uuidParam } from '../validate';

export function ordersRouter({ db, wakeEventRelay, pendingSends, engineState }: ApiDeps): Router {
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
  // What creating or changing an order would send, skip and cancel: nothing is stored, sent or signalled.
  router.post('/simulate', async (req, res) => {
    res.json(await simulateNewOrder(db, companyOf(res), parseInput(newOrderSimulateSchema, req.body)));
  });
  router.post('/:id/simulate', async (req, res) => {
    const companyId = companyOf(res);
    const order = await load(companyId, req.params.id);
    const change = parseInput(orderSimulateSchema, req.body);
    res.json(await simulateOrderChange(db, engineState, companyId, order.id, change));
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
