import { Router } from 'express';
import { z } from 'zod';
import { createCompany } from '../../db/repositories/companies-repository';
import { listParked, retryParked } from '../../db/repositories/relay-events-repository';
import { adminTokenAuth } from '../auth-middleware';
import type { ApiDeps } from '../deps';
import { nonEmptyText } from '../schemas/common';
import { parseInput } from '../validate';

export const companyCreateSchema = z.strictObject({ name: nonEmptyText() });

/** Which parked events to retry; without `eventIds`, all of them. */
export const parkedRetrySchema = z.strictObject({ eventIds: z.array(z.uuid()).min(1).max(1000).optional() });

export function adminRouter({ db, adminToken, wakeEventRelay }: ApiDeps): Router {
  const router = Router();
  router.use(adminTokenAuth(adminToken));
  router.post('/companies', async (req, res) => {
    const { name } = parseInput(companyCreateSchema, req.body);
    res.status(201).json(await createCompany(db, name));
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
