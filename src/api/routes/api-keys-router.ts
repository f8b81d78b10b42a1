import { Router, type Request, type Response } from 'express';
import type { Pool } from 'pg';
import { issueApiKey, listApiKeys, revokeApiKey } from '../../db/repositories/api-keys-repository';
import { notFound } from '../../errors/app-error';
import { companyOf, type ApiDeps } from '../deps';
import { apiKeyCreateSchema } from '../schemas/api-keys';
import { listQuerySchema } from '../schemas/common';
import { parseInput, uuidParam } from '../validate';

/**
 * Issue, list and revoke API keys of one company: mounted at /v1/api-keys for the company itself and at
 * /admin/companies/{id}/api-keys for the operator. A revoked key is deleted, so it answers 401 at once.
 */
export function apiKeyRoutes(
  db: Pool,
  companyIdOf: (req: Request, res: Response) => Promise<string>,
): Router {
  const router = Router({ mergeParams: true });
  router.post('/', async (req, res) => {
    const companyId = await companyIdOf(req, res);
    const { label } = parseInput(apiKeyCreateSchema, req.body);
    res.status(201).json(await issueApiKey(db, companyId, label));
  });
  router.get('/', async (req, res) => {
    const companyId = await companyIdOf(req, res);
    res.json(await listApiKeys(db, companyId, parseInput(listQuerySchema, req.query)));
  });
  router.delete('/:keyId', async (req, res) => {
    const companyId = await companyIdOf(req, res);
    const keyId = String(req.params.keyId);
    if (!uuidParam.safeParse(keyId).success || !(await revokeApiKey(db, companyId, keyId))) {
      throw notFound('API key');
    }
    res.status(204).end();
  });
  return router;
}

export function apiKeysRouter({ db }: ApiDeps): Router {
  return apiKeyRoutes(db, async (_req, res) => companyOf(res));
}
