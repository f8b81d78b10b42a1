import fs from 'node:fs';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createEngineActivities } from './activities';
import type { Env } from './config';
import { DevOutboxProvider } from './providers/dev-outbox';
import { buildProviders, providersConfigFromEnv } from './providers/factory';
import { CHANNELS } from './domain/types';
import { sendRatesFromEnv, type SendRates } from './send-pacing';
import { sendTaskQueue } from './workflows/definitions';
import type { WorkerSettings } from './worker-settings';

/** Builds the activities' dependencies from the configuration: providers with credentials, else the outbox. */
export function buildActivities(env: Env, db: Pool) {
  const providers = buildProviders(providersConfigFromEnv(env), new DevOutboxProvider(db));
  return createEngineActivities({
    db,
    providers,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    sendRates: sendRatesFromEnv(env),
  });
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

/**
 * The engine's workers, run and stopped together: one for the workflows and their local activities, and
 * one per channel for its sends, each polling that channel's queue at the provider account's rate.
 */
export class EngineWorkers {
  constructor(private readonly workers: Worker[]) {}

  /** Resolves once every worker has stopped; if one fails, the others are stopped too. */
  async run(): Promise<void> {
    const runs = this.workers.map((w) => w.run());
    try {
      await Promise.all(runs);
    } catch (err) {
      this.shutdown();
      await Promise.allSettled(runs);
      throw err;
    }
  }

  shutdown(): void {
    for (const w of this.workers) if (w.getState() === 'RUNNING') w.shutdown();
  }

  /** Runs the workers until `body` settles, then stops them (tests). */
  async runUntil<T>(body: () => Promise<T>): Promise<T> {
    const run = this.run();
    try {
      return await body();
    } finally {
      this.shutdown();
      await run;
    }
  }

  getState(): ReturnType<Worker['getState']> {
    return this.workers[0]!.getState();
  }
}

export async function createWorker(options: {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  activities: NonNullable<WorkerOptions['activities']>;
  /** Cache and concurrency (see worker-settings.ts); the SDK's defaults when left out. */
  settings?: Partial<WorkerSettings>;
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Messages per second per channel (see send-pacing.ts); unpaced when left out. */
  sendRates?: SendRates;
}): Promise<EngineWorkers> {
  const { connection, namespace, taskQueue, activities, settings = {} } = options;
  const main = await Worker.create({
    connection,
    namespace,
    taskQueue,
    activities,
    ...settings,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: require.resolve('./workflows') }),
  });
  const senders = await Promise.all(
    CHANNELS.map((channel) =>
      Worker.create({
        connection,
        namespace,
        taskQueue: sendTaskQueue(taskQueue, channel),
        activities,
        ...sendWorkerPace(options.sendRates?.[channel], settings.maxConcurrentActivityTaskExecutions),
      }),
    ),
  );
  return new EngineWorkers([main, ...senders]);
}

/**
 * A paced channel's worker takes tasks at the account's rate and holds about two seconds of sends at a
 * time, so a send's wait for its slot (send-slot.ts) stays short; an unpaced one takes what it can.
 */
function sendWorkerPace(perSecond: number | undefined, maxConcurrent: number | undefined) {
  if (!perSecond) return { maxConcurrentActivityTaskExecutions: maxConcurrent };
  const held = Math.max(1, Math.ceil(2 * perSecond));
  return {
    maxTaskQueueActivitiesPerSecond: perSecond,
    maxConcurrentActivityTaskExecutions: Math.min(held, maxConcurrent ?? held),
  };
}
