/** Production entry point: a worker against DATABASE_URL and TEMPORAL_ADDRESS; run as many as needed. */
import { NativeConnection } from '@temporalio/worker';
import { loadEnv } from './config';
import { createPool } from './db/pool';
import { createLogger } from './logger';
import { closeSharedRenderPool } from './templates/render-pool';
import { buildActivities, createWorker } from './worker';

async function main() {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required (npm start runs the embedded defaults)');
  const db = createPool(env.DATABASE_URL, 10, (err) =>
    logger.warn(`database: idle connection lost (${err.message})`),
  );
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS ?? 'localhost:7233' });
  const worker = await createWorker({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    activities: buildActivities(env, db),
  });
  logger.info({ taskQueue: env.TEMPORAL_TASK_QUEUE }, 'worker running');
  // Worker.run resolves after SIGINT/SIGTERM, once in-flight tasks are done.
  await worker.run();
  await closeSharedRenderPool();
  await connection.close();
  await db.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
