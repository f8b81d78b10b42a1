/** Production entry point: a worker against DATABASE_URL and TEMPORAL_ADDRESS; run as many as needed. */
import fs from 'node:fs';
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { loadEnv } from './config';
import { createPool } from './db/pool';
import { createLogger } from './logger';
import { buildActivities, createWorker, prebuiltWorkflowBundle } from './worker';
import { workerSettingsFromEnv } from './worker-settings';

// `npm run build` puts the prebuilt bundle next to this file.
const BUILT_BUNDLE = path.join(__dirname, 'workflow-bundle.js');

async function main() {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required (npm start runs the embedded defaults)');
  const db = createPool(env.DATABASE_URL, env.WORKER_DATABASE_POOL_MAX, (err) =>
    logger.warn(`database: idle connection lost (${err.message})`),
  );
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS ?? 'localhost:7233' });
  const settings = workerSettingsFromEnv(env);
  const worker = await createWorker({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    activities: buildActivities(env, db),
    settings,
    workflowBundle: prebuiltWorkflowBundle(
      env.WORKFLOW_BUNDLE_PATH ?? (fs.existsSync(BUILT_BUNDLE) ? BUILT_BUNDLE : undefined),
    ),
  });
  logger.info({ taskQueue: env.TEMPORAL_TASK_QUEUE, ...settings }, 'worker running');
  // Worker.run resolves after SIGINT/SIGTERM, once in-flight tasks are done.
  await worker.run();
  await connection.close();
  await db.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
