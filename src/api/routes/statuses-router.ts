import { Router } from 'express';
import * as statuses from '../../db/repositories/statuses-repository';
import { AppError, notFound } from '../../errors/app-error';
import { companyOf, type ApiDeps } from '../deps';
import { statusCreateSchema, statusListQuerySchema, statusPatchSchema } from '../schemas/statuses';
import { parseInput, uuidParam } from '../validate';

export function statusesRouter({ db }: ApiDeps): Router {
  const router = Router();
  const validId = (id: string) => uuidParam.safeParse(id).success;

  router.post('/', async (req, res) => {
    const input = parseInput(statusCreateSchema, req.body);
    res.status(201).json(await statuses.insertStatus(db, companyOf(res), input));
  });
  router.get('/', async (req, res) => {
    res.json(await statuses.listStatuses(db, companyOf(res), parseInput(statusListQuerySchema, req.query)));
  });
  router.get('/:id', async (req, res) => {
    const status = validId(req.params.id)
      ? await statuses.findStatus(db, companyOf(res), req.params.id)
      : null;
    if (!status) throw notFound('status');
    res.json(status);
  });
  router.patch('/:id', async (req, res) => {
    if (!validId(req.params.id)) throw notFound('status');
    const patch = parseInput(statusPatchSchema, req.body);
    const status = await statuses.updateStatus(db, companyOf(res), req.params.id, patch);
    if (!status) throw notFound('status');
    res.json(status);
  });
  router.delete('/:id', async (req, res) => {
    if (!validId(req.params.id) || !(await statuses.findStatus(db, companyOf(res), req.params.id))) {
      throw notFound('status');
    }
    const outcome = await statuses.deleteStatus(db, companyOf(res), req.params.id);
    if (outcome === 'in_use') {
      throw new AppError(409, 'status_in_use', 'Orders, leads or rules still use this status');
    }
    res.status(204).end();
  });
  return router;
}
