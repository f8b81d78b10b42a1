import { Router } from 'express';
import { z } from 'zod';
import { createCompany } from '../../db/repositories/companies-repository';
import { notFound } from '../../errors/app-error';
import { assignSenders, sendersOf } from '../../services/senders-service';
import { listParked, retryParked } from '../../db/repositories/relay-events-repository';
import { adminTokenAuth } from '../auth-middleware';
import type { ApiDeps } from '../deps';
import { nonEmptyText } from '../schemas/common';
import { sendersSchema } from '../schemas/senders';
import { parseInput, uuidParam } from '../validate';

export const companyCreateSchema = z.strictObject({ name: nonEmptyText() });

function companyId(id: string): string {
  if (!uuidParam.safeParse(id).success) throw notFound('company');
  return id;
}

/** Which parked events to retry; without `eventIds`, all of them. */
export const parkedRetrySchema = z.strictObject({ eventIds: z.array(z.uuid()).min(1).max(1000).optional() });

export function adminRouter({ db, adminToken, wakeEventRelay }: ApiDeps): Router {
  const router = Router();
  router.use(adminTokenAuth(adminToken));
  router.post('/companies', async (req, res) => {
    const { name } = parseInput(companyCreateSchema, req.body);
    res.status(201).json(await createCompany(db, name));
  });
  // The sender identities the company may choose in its settings; the whole list is replaced.
  router.put('/companies/:id/senders', async (req, res) => {
    const senders = parseInput(sendersSchema, req.body);
    res.json(await assignSenders(db, companyId(req.params.id), senders));
  });
  router.get('/companies/:id/senders', async (req, res) => {
    res.json(await sendersOf(db, companyId(req.params.id)));
  });
  router.get('/relay/parked', async (_req, res) => {
    res.json({ items: await listParked(db) });
  });
  // Un-parks with fresh attempts: the event, then its entity's later events, go out again in order.
  router.post('/relay/parked/retry', async (req, res) => {
    const { eventIds } = parseInput(parkedRetrySchema, req.body ?? {});
    const retried = await retryParked(db, eventIds);
    if (retried > 0) wakeEventRelay();
    res.json({ retried });
  });
  return router;
}
