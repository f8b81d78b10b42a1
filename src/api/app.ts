import express from 'express';
import { registry } from '../metrics';
import { accessLog } from './access-log';
import { adminTokenAuth, apiKeyAuth } from './auth-middleware';
import { ApiKeyRateLimiter, rateLimitPerKey } from './rate-limit';
import type { ApiDeps } from './deps';
import { consoleConfigRouter, consoleRouter } from './console-router';
import { errorMiddleware, notFoundHandler } from './error-middleware';
import { methodNotAllowed } from './method-not-allowed';
import { metricsMiddleware } from './metrics-middleware';
import { docsRouter } from './openapi/docs-router';
import { adminRouter } from './routes/admin-router';
import { apiKeysRouter } from './routes/api-keys-router';
import { clientsRouter } from './routes/clients-router';
import { deliveriesRouter, outboxRouter } from './routes/deliveries-router';
import { demoRouter } from './routes/demo-router';
import { leadsRouter } from './routes/leads-router';
import { ordersRouter } from './routes/orders-router';
import { rulesRouter } from './routes/rules-router';
import { healthRouter } from './routes/health-router';
import { locationsRouter } from './routes/locations-router';
import { settingsRouter } from './routes/settings-router';
import { statusesRouter } from './routes/statuses-router';
import { templatesRouter } from './routes/templates-router';
import { webhooksRouter } from './routes/webhooks-router';

export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(accessLog(deps.logger));
  app.use(metricsMiddleware);

  app.use('/health', healthRouter(deps));
  // Operations data is the operator's: the scraper sends the operator token.
  app.get('/metrics', adminTokenAuth(deps.adminToken), async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  app.use(docsRouter());

  // Provider webhooks are form-encoded (Twilio) or JSON (Postmark) and authenticate themselves.
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));

  app.use('/admin', adminRouter(deps));
  app.use('/webhooks', webhooksRouter(deps));

  const v1 = express.Router();
  v1.use(apiKeyAuth(deps.db));
  v1.use(rateLimitPerKey(new ApiKeyRateLimiter(deps.db, deps.rateLimit)));
  v1.use('/api-keys', apiKeysRouter(deps));
  v1.use('/settings', settingsRouter(deps));
  v1.use('/locations', locationsRouter(deps));
  v1.use('/statuses', statusesRouter(deps));
  v1.use('/clients', clientsRouter(deps));
  v1.use('/templates', templatesRouter(deps));
  v1.use('/notification-rules', rulesRouter(deps));
  v1.use('/orders', ordersRouter(deps));
  v1.use('/leads', leadsRouter(deps));
  v1.use('/deliveries', deliveriesRouter(deps));
  v1.use('/outbox', outboxRouter(deps));
  v1.use('/demo', demoRouter(deps));
  v1.use('/console-config', consoleConfigRouter(deps));
  app.use('/v1', v1);
  app.use(consoleRouter());

  app.use(methodNotAllowed);
  app.use(notFoundHandler);
  app.use(errorMiddleware(deps.logger));
  return app;
}
