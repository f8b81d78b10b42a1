import type { Server } from 'node:http';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { createApp } from './api/app';
import type { Env } from './config';
import { DispatchedEventsPruner } from './relay/dispatched-pruner';
import { pacedChannelsOf, planStoredEvent } from './activities/planning-activities';
import { EventRelay } from './relay/event-relay';
import { sendRatesFromEnv, type SendRates } from './send-pacing';
import { RuleChangeFanout } from './services/rule-change-fanout';
import { LazyTemporalClient } from './temporal/client';
import { closeSharedRenderPool } from './templates/render-pool';

export interface RunningApi {
  server: Server;
  url: string;
  relay: EventRelay;
  temporal: LazyTemporalClient;
  stop(): Promise<void>;
}

/** The HTTP API plus the relay that delivers its stored events to Temporal. */
export async function startApiServer(options: {
  env: Env;
  db: Pool;
  logger: Logger;
  adminToken: string;
  temporalAddress: string;
  /** The Temporal Web UI, for the console's links to workflows (else TEMPORAL_UI_URL). */
  temporalUiUrl?: string;
  searchAttributes?: boolean;
  /** The workers' send rates (else the configuration's): plans say which channels are paced. */
  sendRates?: SendRates;
}): Promise<RunningApi> {
  const { env, db, logger } = options;
  const pacedChannels = pacedChannelsOf(options.sendRates ?? sendRatesFromEnv(env));
  const temporal = new LazyTemporalClient(options.temporalAddress, env.TEMPORAL_NAMESPACE);
  const relay = new EventRelay({
    db,
    temporal,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    logger,
    intervalMs: env.EVENT_RELAY_INTERVAL_MS,
    searchAttributes: options.searchAttributes ?? true,
    partitions: env.EVENT_RELAY_PARTITIONS,
    callTimeoutMs: env.EVENT_RELAY_CALL_TIMEOUT_MS,
    retry: { maxAttempts: env.EVENT_RELAY_MAX_ATTEMPTS },
    plan: (event) => planStoredEvent(db, event, pacedChannels),
  });
  const pruner = new DispatchedEventsPruner({
    db,
    logger,
    retentionDays: env.EVENT_RETENTION_DAYS,
    intervalMs: 10 * 60_000,
  });
  const fanout = new RuleChangeFanout({
    db,
    logger,
    wakeEventRelay: () => relay.wake(),
    intervalMs: env.EVENT_RELAY_INTERVAL_MS,
  });
  const app = createApp({
    db,
    logger,
    adminToken: options.adminToken,
    temporalHealthy: () => temporal.healthy(),
    wakeEventRelay: () => relay.wake(),
    wakeRuleFanout: () => fanout.wake(),
    rateLimit: { perSecond: env.RATE_LIMIT_PER_SECOND, burst: env.RATE_LIMIT_BURST },
    pendingSends: (workflowId) => temporal.pendingSends(workflowId),
    engineState: (workflowId) => temporal.engineState(workflowId),
    console: {
      temporalUiUrl: options.temporalUiUrl ?? env.TEMPORAL_UI_URL,
      temporalNamespace: env.TEMPORAL_NAMESPACE,
    },
    webhooks: {
      twilioAuthToken: env.TWILIO_AUTH_TOKEN,
      publicBaseUrl: env.PUBLIC_BASE_URL,
      postmarkUser: env.POSTMARK_WEBHOOK_USER,
      postmarkPassword: env.POSTMARK_WEBHOOK_PASSWORD,
    },
  });
  // Express passes a listen error (a port in use) to this callback rather than throwing it.
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(env.PORT, (err) => (err ? reject(err) : resolve(s)));
  });
  relay.start();
  pruner.start();
  fanout.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  return {
    server,
    url: `http://localhost:${port}`,
    relay,
    temporal,
    stop: async () => {
      await fanout.stop();
      await relay.stop();
      await pruner.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await temporal.close();
      await closeSharedRenderPool();
    },
  };
}
