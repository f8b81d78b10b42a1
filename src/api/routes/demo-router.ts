import { Router } from 'express';
import { createDemoData } from '../../services/demo-data-service';
import { companyOf, type ApiDeps } from '../deps';

/** `POST /v1/demo`: sample configuration plus an order whose first notification goes out at once. */
export function demoRouter({ db, wakeEventRelay }: ApiDeps): Router {
  const router = Router();
  router.post('/', async (_req, res) => {
    const demo = await createDemoData(db, companyOf(res));
    wakeEventRelay();
    res.status(201).json(demo);
  });
  return router;
}
