/**
 * The whole service as `npm start` runs it, in a temporary folder, for one bench run: embedded PostgreSQL,
 * the Temporal CLI dev server, the worker (with the configured cache and concurrency, or the SDK's
 * defaults), the API with its event relay — and, on its own task queue, the bare baseline's worker.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createEngineActivities } from '../../src/activities';
import { startApiServer, type RunningApi } from '../../src/api-server';
import { loadEnv, type Env } from '../../src/config';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { migrate } from '../../src/db/migrate';
import { createPool, type Db } from '../../src/db/pool';
import type { Channel } from '../../src/domain/types';
import { createLogger } from '../../src/logger';
import { DevOutboxProvider } from '../../src/providers/dev-outbox';
import { buildProviders, providersConfigFromEnv } from '../../src/providers/factory';
import type { ChannelProvider } from '../../src/providers/provider';
import { startTemporalDevServer } from '../../src/temporal/dev-server';
import { EngineRuntimeLogger } from '../../src/temporal/runtime-logger';
import { createWorker } from '../../src/worker';
import { workerSettingsFromEnv, type WorkerSettings } from '../../src/worker-settings';
import { sendRatesFromEnv, type SendRates } from '../../src/send-pacing';
import { createBaselineActivities } from '../baseline/activities';
import { BASELINE_TASK_QUEUE } from '../baseline/definitions';
import { CpuMeter } from './cpu';
import type { RoundTripCounter } from './db-round-trips';
import { step } from './progress';

export interface BenchStackOptions {
  /** The SDK's default cache and concurrency instead of the configured ones (for "before" figures). */
  sdkDefaults?: boolean;
  /** Providers per channel (default: the configuration's, else the dev outbox), before `observe`. */
  providers?: (outbox: ChannelProvider) => Partial<Record<Channel, ChannelProvider>>;
  /** Called after each successful provider send, in this process. */
  observe?: (body: string) => void;
  /** Runs the baseline's worker too; `ran` is called with each no-op activity's id. */
  baseline?: (id: string) => void;
  counter?: RoundTripCounter;
  /** Messages per second per channel (default: the configuration's, see send-pacing.ts). */
  sendRates?: SendRates;
  /** More dev server flags (e.g. `--dynamic-config-value`). */
  devServerArgs?: string[];
}

export interface BenchStack {
  env: Env;
  api: RunningApi;
  /** A connection of the bench's own (not counted), for reading results. */
  db: Db;
  client: Client;
  devServerPid: number | undefined;
  /** What the worker runs with; `null` for the SDK's defaults. */
  settings: WorkerSettings | null;
  cpu: CpuMeter;
  stop(): Promise<void>;
}

const randomPort = (base: number) => base + Math.floor(Math.random() * 10_000);

export async function startBenchStack(options: BenchStackOptions = {}): Promise<BenchStack> {
  Runtime.install({ logger: new EngineRuntimeLogger('WARN'), shutdownSignals: [] });
  const started = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'notifications-bench-'));
  // The embedded PostgreSQL runs as another OS user when we are root: it must be able to write here.
  fs.chmodSync(tmp, 0o777);
  // The bench creates orders as fast as the API takes them: one key far above a tenant's default limit.
  const env = loadEnv({
    RATE_LIMIT_PER_SECOND: '100000',
    RATE_LIMIT_BURST: '100000',
    ...process.env,
    PORT: '0',
    LOG_LEVEL: 'warn',
  });
  const stops: (() => Promise<unknown>)[] = [
    () => Promise.resolve(fs.rmSync(tmp, { recursive: true, force: true })),
  ];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => console.error('bench stop:', err));
  };
  try {
    step('starting embedded PostgreSQL and the Temporal dev server');
    const [pg, dev] = await Promise.all([
      startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: randomPort(30000) }),
      startTemporalDevServer({
        dataDir: path.join(tmp, 'temporal'),
        port: randomPort(40000),
        uiPort: randomPort(50000),
        logFile: path.join(tmp, 'temporal.log'),
        extraArgs: options.devServerArgs,
      }),
    ]);
    stops.push(
      () => pg.stop(),
      () => dev.stop(),
    );
    await migrate(pg.url);

    const apiDb = createPool(pg.url, env.DATABASE_POOL_MAX);
    const workerDb = createPool(pg.url, env.WORKER_DATABASE_POOL_MAX);
    const db = createPool(pg.url, 2);
    stops.push(
      () => apiDb.end(),
      () => workerDb.end(),
      () => db.end(),
    );
    options.counter?.track(apiDb, 'api');
    options.counter?.track(workerDb, 'worker');

    step('bundling workflow code (ours and the baseline)');
    const [ours, baseline] = await Promise.all([
      bundleWorkflowCode({
        workflowsPath: require.resolve('../../src/workflows'),
        logger: new DefaultLogger('WARN'),
      }),
      bundleWorkflowCode({
        workflowsPath: require.resolve('../baseline/workflows'),
        logger: new DefaultLogger('WARN'),
      }),
    ]);

    const connection = await NativeConnection.connect({ address: dev.address });
    stops.push(() => connection.close());
    const outbox = new DevOutboxProvider(workerDb);
    const providers = {
      ...buildProviders(providersConfigFromEnv(env), outbox),
      ...options.providers?.(outbox),
    };
    const observed = Object.fromEntries(
      Object.entries(providers).map(([channel, p]) => [channel, observing(p, options.observe)]),
    ) as Record<Channel, ChannelProvider>;
    const settings = options.sdkDefaults ? null : workerSettingsFromEnv(env);
    const workers: Pick<Worker, 'run' | 'shutdown' | 'getState'>[] = [
      await createWorker({
        connection,
        namespace: env.TEMPORAL_NAMESPACE,
        taskQueue: env.TEMPORAL_TASK_QUEUE,
        activities: createEngineActivities({
          db: workerDb,
          providers: observed,
          sendRates: options.sendRates ?? sendRatesFromEnv(env),
        }),
        settings: settings ?? undefined,
        workflowBundle: ours,
        sendRates: options.sendRates ?? sendRatesFromEnv(env),
      }),
    ];
    if (options.baseline) {
      workers.push(
        await Worker.create({
          connection,
          namespace: env.TEMPORAL_NAMESPACE,
          taskQueue: BASELINE_TASK_QUEUE,
          activities: createBaselineActivities(options.baseline),
          workflowBundle: baseline,
          ...settings,
        }),
      );
    }
    const runs = workers.map((w) => w.run());
    stops.push(async () => {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await Promise.all(runs);
    });

    const api = await startApiServer({
      env,
      db: apiDb,
      logger: createLogger('warn'),
      adminToken: 'bench',
      temporalAddress: dev.address,
      sendRates: options.sendRates ?? sendRatesFromEnv(env),
    });
    stops.push(() => api.stop());

    const clientConnection = await Connection.connect({ address: dev.address });
    stops.push(() => clientConnection.close());
    const client = new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE });

    step(`stack ready in ${((performance.now() - started) / 1000).toFixed(1)}s`);
    const cpu = new CpuMeter(dev.process.pid, path.join(tmp, 'pg'));
    return { env, api, db, client, devServerPid: dev.process.pid, settings, cpu, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function observing(
  provider: ChannelProvider,
  observe: ((body: string) => void) | undefined,
): ChannelProvider {
  if (!observe) return provider;
  return {
    name: provider.name,
    send: async (msg) => {
      const result = await provider.send(msg);
      observe(msg.body);
      return result;
    },
  };
}
