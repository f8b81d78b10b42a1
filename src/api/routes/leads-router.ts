import { Router } from 'express';
import * as entities from '../../db/repositories/entities-repository';
import { listFeed } from '../../db/repositories/feed-repository';
import { createLead, updateLead } from '../../services/entity-changes-service';
import { simulateLeadChange } from '../../services/simulate-service';
import { workflowIdFor } from '../../workflows/definitions';
import { notFound } from '../../errors/app-error';
import { companyOf, type ApiDeps } from '../deps';
import {
  entityListQuerySchema,
  feedQuerySchema,
  leadCreateSchema,
  leadPatchSchema,
  leadSimulateSchema,
} from '../schemas/orders';
import { parseInput, uuidParam } from '../validate';

export function leadsRouter({ db, wakeEventRelay, pendingSends, engineState }: ApiDeps): Router {
  const router = Router();

  async function load(companyId: string, id: string) {
    const lead = uuidParam.safeParse(id).success ? await entities.findLead(db, companyId, id) : null;
    if (!lead) throw notFound('lead');
    return lead;
  }

  router.post('/', async (req, res) => {
    const lead = await createLead(db, companyOf(res), parseInput(leadCreateSchema, req.body));
    wakeEventRelay();
    res.status(201).json(lead);
  });
  router.get('/', async (req, res) => {
    res.json(
      await entities.listEntities(db, companyOf(res), 'lead', parseInput(entityListQuerySchema, req.query)),
    );
  });
  router.get('/:id', async (req, res) => {
    const companyId = companyOf(res);
    const lead = await load(companyId, req.params.id);
    res.json({ ...lead, pending: await pendingSends(workflowIdFor(companyId, 'lead', lead.id)) });
  });
  router.patch('/:id', async (req, res) => {
    const companyId = companyOf(res);
    await load(companyId, req.params.id);
    const lead = await updateLead(db, companyId, req.params.id, parseInput(leadPatchSchema, req.body));
    wakeEventRelay();
    res.json(lead);
  });
  // What changing the lead's status would send, skip and cancel: nothing is stored, sent or signalled.
  router.post('/:id/simulate', async (req, res) => {
    const companyId = companyOf(res);
    const lead = await load(companyId, req.params.id);
    const change = parseInput(leadSimulateSchema, req.body);
    res.json(await simulateLeadChange(db, engineState, companyId, lead.id, change));
  });
  router.get('/:id/feed', async (req, res) => {
    const lead = await load(companyOf(res), req.params.id);
    res.json(await listFeed(db, companyOf(res), lead.id, parseInput(feedQuerySchema, req.query)));
  });
  return router;
}
