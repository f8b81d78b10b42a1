import { Router } from 'express';
import { z } from 'zod';
import { createCompany } from '../../db/repositories/companies-repository';
import { notFound } from '../../errors/app-error';
import { assignSenders, sendersOf } from '../../services/senders-service';
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

export function adminRouter({ db, adminToken }: ApiDeps): Router {
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
  return router;
}
