import { Router } from 'express';
import { getSettings } from '../../db/repositories/settings-repository';
import { updateSettingsWithinSenders } from '../../services/senders-service';
import { companyOf, type ApiDeps } from '../deps';
import { settingsPatchSchema } from '../schemas/settings';
import { parseInput } from '../validate';

export function settingsRouter({ db }: ApiDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json(await getSettings(db, companyOf(res)));
  });
  router.patch('/', async (req, res) => {
    const patch = parseInput(settingsPatchSchema, req.body);
    res.json(await updateSettingsWithinSenders(db, companyOf(res), patch));
  });
  return router;
}
