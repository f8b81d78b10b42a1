import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createEngineActivities } from './activities';
import type { Env } from './config';
import { DevOutboxProvider } from './providers/dev-outbox';
import { buildProviders, providersConfigFromEnv } from './providers/factory';

/** Builds the activities' dependencies from the configuration: providers with credentials, else the outbox. */
export function buildActivities(env: Env, db: Pool) {
  const providers = buildProviders(providersConfigFromEnv(env), new DevOutboxProvider(db));
  return createEngineActivities({ db, providers, publicBaseUrl: env.PUBLIC_BASE_URL });
}

export async function createWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: ReturnType<typeof createEngineActivities>;
  workflowBundle?: WorkerOptions['workflowBundle'];
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: require.resolve('./workflows') }),
  });
}
