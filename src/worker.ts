import fs from 'node:fs';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createEngineActivities } from './activities';
import type { Env } from './config';
import { DevOutboxProvider } from './providers/dev-outbox';
import { buildProviders, providersConfigFromEnv } from './providers/factory';
import type { WorkerSettings } from './worker-settings';

/** Builds the activities' dependencies from the configuration: providers with credentials, else the outbox. */
export function buildActivities(env: Env, db: Pool) {
  const providers = buildProviders(providersConfigFromEnv(env), new DevOutboxProvider(db));
  return createEngineActivities({ db, providers, publicBaseUrl: env.PUBLIC_BASE_URL });
}

/**
 * A workflow bundle built ahead of time (`npm run build` writes `dist/workflow-bundle.js`): the worker
 * then starts without running webpack, which takes seconds of CPU. Undefined without a path: the worker
 * then bundles `src/workflows` itself.
 */
export function prebuiltWorkflowBundle(codePath: string | undefined): WorkerOptions['workflowBundle'] {
  if (!codePath) return undefined;
  if (!fs.existsSync(codePath)) throw new Error(`WORKFLOW_BUNDLE_PATH: no file at ${codePath}`);
  return { codePath };
}

export async function createWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: ReturnType<typeof createEngineActivities>;
  /** Cache and concurrency (see worker-settings.ts); the SDK's defaults when left out. */
  settings?: Partial<WorkerSettings>;
  workflowBundle?: WorkerOptions['workflowBundle'];
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...options.settings,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: require.resolve('./workflows') }),
  });
}
