import { Router } from 'express';
import { relayBacklog, type RelayBacklog } from '../../db/repositories/relay-events-repository';
import type { ApiDeps } from '../deps';

const withTimeout = <T>(promise: Promise<T>, ms: number, fallback: T) =>
  Promise.race([promise, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);

export function healthRouter({ db, temporalHealthy }: ApiDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const [database, temporal, relay] = await Promise.all([
      withTimeout(
        db.query('SELECT 1').then(
          () => true,
          () => false,
        ),
        2000,
        false,
      ),
      withTimeout(
        temporalHealthy().catch(() => false),
        2000,
        false,
      ),
      // A detail, not a failure: parked events wait for an operator while everything else flows.
      withTimeout<RelayBacklog | null>(
        relayBacklog(db).catch(() => null),
        2000,
        null,
      ),
    ]);
    const body = {
      status: database && temporal ? 'ok' : 'degraded',
      database: database ? 'ok' : 'unavailable',
      temporal: temporal ? 'ok' : 'unavailable',
      relay,
    };
    res.status(database && temporal ? 200 : 503).json(body);
  });
  return router;
}
