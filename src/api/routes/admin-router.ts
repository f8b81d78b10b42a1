import { Router, type Request } from 'express';
import { z } from 'zod';
import { createCompany, findCompany, setCompanyRateLimit } from '../../db/repositories/companies-repository';
import { notFound } from '../../errors/app-error';
import { adminTokenAuth } from '../auth-middleware';
import type { ApiDeps } from '../deps';
import { DEFAULT_RATE_LIMIT } from '../rate-limit';
import { rateLimitSchema } from '../schemas/api-keys';
import { nonEmptyText } from '../schemas/common';
import { parseInput, uuidParam } from '../validate';
import { apiKeyRoutes } from './api-keys-router';

export const companyCreateSchema = z.strictObject({ name: nonEmptyText() });

export function adminRouter({ db, adminToken, rateLimit = DEFAULT_RATE_LIMIT }: ApiDeps): Router {
  const router = Router();
  router.use(adminTokenAuth(adminToken));

  const companyIdOf = async (req: Request) => {
    const id = String(req.params.id);
    if (!uuidParam.safeParse(id).success || !(await findCompany(db, id))) throw notFound('company');
    return id;
  };

  router.post('/companies', async (req, res) => {
    const { name } = parseInput(companyCreateSchema, req.body);
    res.status(201).json(await createCompany(db, name));
  });
  router.use('/companies/:id/api-keys', apiKeyRoutes(db, companyIdOf));
  router.put('/companies/:id/rate-limit', async (req, res) => {
    const id = await companyIdOf(req);
    const limit = parseInput(rateLimitSchema, req.body);
    await setCompanyRateLimit(db, id, limit);
    res.json({
      perSecond: limit.perSecond ?? rateLimit.perSecond,
      burst: limit.burst ?? rateLimit.burst,
      custom: limit.perSecond !== null || limit.burst !== null,
    });
  });
  return router;
}
