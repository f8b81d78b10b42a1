import { Router } from 'express';
import * as rules from '../../db/repositories/rules-repository';
import { bulkRules } from '../../services/rules-bulk-service';
import { createRule, deleteRule, patchRule } from '../../services/rules-service';
import { notFound } from '../../errors/app-error';
import { companyOf, type ApiDeps } from '../deps';
import { ruleBulkSchema, ruleCreateSchema, ruleListQuerySchema, rulePatchSchema } from '../schemas/rules';
import { parseInput, uuidParam } from '../validate';

export function rulesRouter({ db, wakeRuleFanout }: ApiDeps): Router {
  const router = Router();
  // A malformed id names no rule of this company: 404 like an unknown one.
  const ruleId = (id: string) => {
    if (!uuidParam.safeParse(id).success) throw notFound('rule');
    return id;
  };

  router.post('/bulk', async (req, res) => {
    res.json(await bulkRules(db, companyOf(res), parseInput(ruleBulkSchema, req.body)));
    wakeRuleFanout(); // open orders and leads are told of the change in the background
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await createRule(db, companyOf(res), parseInput(ruleCreateSchema, req.body)));
    wakeRuleFanout();
  });
  router.get('/', async (req, res) => {
    res.json(await rules.listRules(db, companyOf(res), parseInput(ruleListQuerySchema, req.query)));
  });
  router.get('/:id', async (req, res) => {
    const rule = await rules.findRule(db, companyOf(res), ruleId(req.params.id));
    if (!rule) throw notFound('rule');
    res.json(rule);
  });
  router.patch('/:id', async (req, res) => {
    const id = ruleId(req.params.id);
    res.json(await patchRule(db, companyOf(res), id, parseInput(rulePatchSchema, req.body)));
    wakeRuleFanout();
  });
  router.delete('/:id', async (req, res) => {
    await deleteRule(db, companyOf(res), ruleId(req.params.id));
    res.status(204).end();
    wakeRuleFanout();
  });
  return router;
}
