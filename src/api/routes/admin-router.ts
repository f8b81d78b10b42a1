import { Router } from 'express';
import { z } from 'zod';
import { createCompany } from '../../db/repositories/companies-repository';
import { adminTokenAuth } from '../auth-middleware';
import type { ApiDeps } from '../deps';
import { nonEmptyText } from '../schemas/common';
import { parseInput } from '../validate';

export const companyCreateSchema = z.strictObject({ name: nonEmptyText() });

export function adminRouter({ db, adminToken }: ApiDeps): Router {
  const router = Router();
  router.use(adminTokenAuth(adminToken));
  router.post('/companies', async (req, res) => {
    const { name } = parseInput(companyCreateSchema, req.body);
    res.status(201).json(await createCompany(db, name));
  });
  return router;
}
