import { Router, type Request } from 'express';
import { z } from 'zod';
import { createCompany, findCompany, setCompanyRateLimit } from '../../db/repositories/companies-repository';
import { notFound } from '../../errors/app-error';
import { assignSenders, sendersOf } from '../../services/senders-service';
import { listParked, retryParked } from '../../db/repositories/relay-events-repository';
import { adminTokenAuth } from '../auth-middleware';
import type { ApiDeps } from '../deps';
import { DEFAULT_RATE_LIMIT } from '../rate-limit';
import { rateLimitSchema } from '../schemas/api-keys';
import { nonEmptyText } from '../schemas/common';
import { sendersSchema } from '../schemas/senders';
import { parseInput, uuidParam } from '../validate';
import { apiKeyRoutes } from './api-keys-router';

export const companyCreateSchema = z.strictObject({ name: nonEmptyText() });

function companyId(id: string): string {
  if (!uuidParam.safeParse(id).success) throw notFound('company');
  return id;
}

/** Which parked events to retry; without `eventIds`, all of them. */
export const parkedRetrySchema = z.strictObject({ eventIds: z.array(z.uuid()).min(1).max(1000).optional() });

export function adminRouter({
  db,
  adminToken,
  wakeEventRelay,
  rateLimit = DEFAULT_RATE_LIMIT,
}: ApiDeps): Router {
  const router = Router();
  router.use(adminTokenAuth(adminToken));

  const existingCompanyId = async (req: Request) => {
    const id = companyId(String(req.params.id));
    if (!(await findCompany(db, id))) throw notFound('company');
    return id;
  };

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
  router.use('/companies/:id/api-keys', apiKeyRoutes(db, existingCompanyId));
  router.put('/companies/:id/rate-limit', async (req, res) => {
    const id = await existingCompanyId(req);
    const limit = parseInput(rateLimitSchema, req.body);
    await setCompanyRateLimit(db, id, limit);
    res.json({
      perSecond: limit.perSecond ?? rateLimit.perSecond,
      burst: limit.burst ?? rateLimit.burst,
      custom: limit.perSecond !== null || limit.burst !== null,
    });
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
