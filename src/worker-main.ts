/** Production entry point: a worker against DATABASE_URL and TEMPORAL_ADDRESS; run as many as needed. */
import fs from 'node:fs';
import path from 'node:path';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { EngineRuntimeLogger } from './temporal/runtime-logger';
import { loadEnv } from './config';
import { createPool } from './db/pool';
import { createLogger } from './logger';
import { reportStartupFailure, StartupProblem, startupStep } from './startup-problems';
import { closeSharedRenderPool } from './templates/render-pool';
import { buildActivities, createWorker, prebuiltWorkflowBundle } from './worker';
import { workerSettingsFromEnv } from './worker-settings';
import { sendRatesFromEnv } from './send-pacing';

// `npm run build` puts the prebuilt bundle next to this file.
const BUILT_BUNDLE = path.join(__dirname, 'workflow-bundle.js');

async function start() {
  Runtime.install({ logger: new EngineRuntimeLogger('INFO') });
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw new StartupProblem(
      'DATABASE_URL is required: set it to your PostgreSQL (npm start runs the embedded defaults)',
    );
  }
  const db = createPool(databaseUrl, env.WORKER_DATABASE_POOL_MAX, (err) =>
    logger.warn(`database: idle connection lost (${err.message})`),
  );
  // Checked now rather than at the first activity, so a wrong DATABASE_URL is one line at start.
  await startupStep({ part: 'database', url: databaseUrl }, () => db.query('SELECT 1'));
  const address = env.TEMPORAL_ADDRESS ?? 'localhost:7233';
  const connection = await startupStep({ part: 'temporal', address, embeddedAlternative: false }, () =>
    NativeConnection.connect({ address }),
  );
  const settings = workerSettingsFromEnv(env);
  const worker = await createWorker({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    activities: buildActivities(env, db),
    settings,
    sendRates: sendRatesFromEnv(env),
    workflowBundle: prebuiltWorkflowBundle(
      env.WORKFLOW_BUNDLE_PATH ?? (fs.existsSync(BUILT_BUNDLE) ? BUILT_BUNDLE : undefined),
    ),
  });
  logger.info({ taskQueue: env.TEMPORAL_TASK_QUEUE, ...settings }, 'worker running');
  return { worker, connection, db };
}

start().then(
  async ({ worker, connection, db }) => {
    // Worker.run resolves after SIGINT/SIGTERM, once in-flight tasks are done.
    await worker.run();
    await closeSharedRenderPool();
    await connection.close();
    await db.end();
  },
  (err) => {
    reportStartupFailure('the worker', err);
    process.exit(1);
  },
);
