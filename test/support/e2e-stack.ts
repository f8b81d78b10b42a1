import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createWorker, type EngineWorkers } from '../../src/worker';
import type { SendRates } from '../../src/send-pacing';
import pino from 'pino';
import { Pool } from 'pg';
import { createEngineActivities, type EngineDeps } from '../../src/activities';
import { createApp } from '../../src/api/app';
import type { ApiDeps } from '../../src/api/deps';
import type { RateLimitPolicy } from '../../src/api/rate-limit';
import type { Channel } from '../../src/domain/types';
import { DevOutboxProvider } from '../../src/providers/dev-outbox';
import type { ChannelProvider } from '../../src/providers/provider';
import { closeSharedRenderPool } from '../../src/templates/render-pool';
import { pacedChannelsOf, planStoredEvent } from '../../src/activities/planning-activities';
import { EventRelay, type EventRelayOptions } from '../../src/relay/event-relay';
import { RuleChangeFanout } from '../../src/services/rule-change-fanout';
import { createIsolatedDatabase } from './isolated-database';
import { CUSTOM_SEARCH_ATTRIBUTE_KEYS } from '../../src/temporal/search-attributes';
import { FAIRNESS_ARGS } from '../../src/temporal/dev-server';
import { resolveTemporalCli } from '../../src/temporal-binaries';
import { engineStateQuery, pendingSendsQuery } from '../../src/workflows/definitions';
import { ADMIN_TOKEN, TEST_RATE_LIMIT } from './api-harness';
import { createTimeSkippingEnv, quietRuntime, workflowBundle } from './temporal-env';

export interface E2EStack {
  env: TestWorkflowEnvironment;
  db: Pool;
  app: ReturnType<typeof createApp>;
  /** The relay the API wakes (the current one after restartRelay). */
  readonly relay: EventRelay;
  /** Stops the relay and starts a new one with these options (e.g. a client with a fault injected). */
  restartRelay(options?: Partial<EventRelayOptions>): Promise<EventRelay>;
  taskQueue: string;
  /** Starts a worker (again) — tests stop and restart it to simulate a crash. */
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface E2EStackOptions {
  providers?: (outbox: ChannelProvider) => Partial<Record<Channel, ChannelProvider>>;
  /** The time-skipping test server instead of the dev server: `env.sleep('2 days')` reaches timers. */
  timeSkipping?: boolean;
  /** What the web console is told (the Temporal Web UI it links to). */
  console?: ApiDeps['console'];
  /** Messages per second per channel (unpaced by default). */
  sendRates?: SendRates;
  /**
   * Send timings (fault tests shorten the providers' deadline and the reconciliation's settle time), and
   * the public URL status callbacks are sent to.
   */
  engine?: Pick<EngineDeps, 'providerTimeoutMs' | 'reconcileSettleMs' | 'publicBaseUrl'>;
  /** Provider webhook credentials the API checks (none: the webhooks answer 404). */
  webhooks?: ApiDeps['webhooks'];
  /** The API keys' rate limit; by default far above what tests send, which create orders in bursts. */
  rateLimit?: RateLimitPolicy;
}

/**
 * The real thing, end to end: the Temporal CLI dev server (with the custom search attributes), a real
 * worker running the engine activities, the API with its event relay, PostgreSQL, and providers that are
 * either the dev outbox or real SDKs aimed at local fake servers.
 */
export async function startE2EStack(options: E2EStackOptions = {}): Promise<E2EStack> {
  quietRuntime();
  const env = options.timeSkipping
    ? await createTimeSkippingEnv()
    : await TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'existing-path', path: resolveTemporalCli() },
          searchAttributes: CUSTOM_SEARCH_ATTRIBUTE_KEYS,
          extraArgs: ['--headless', '--log-level', 'error', ...FAIRNESS_ARGS],
        },
      });
  const database = await createIsolatedDatabase();
  const db = new Pool({ connectionString: database.url, max: 20 });
  // Dropping the stack's database at the end closes idle connections (57P01): expected, not an error.
  db.on('error', () => undefined);
  const taskQueue = `e2e-${Math.random().toString(36).slice(2)}`;
  const outbox = new DevOutboxProvider(db);
  const providers: Record<Channel, ChannelProvider> = {
    sms: outbox,
    whatsapp: outbox,
    viber: outbox,
    email: outbox,
    ...options.providers?.(outbox),
  };
  const activities = createEngineActivities({
    db,
    providers,
    sendRates: options.sendRates,
    ...options.engine,
  });
  const bundle = await workflowBundle();

  let worker: EngineWorkers | undefined;
  let workerRun: Promise<void> | undefined;
  const startWorker = async () => {
    worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities,
      // The time-skipping server has no sticky-queue timeout: a workflow cached by a stopped worker would
      // never get its next task. Without a cache there is no sticky queue, and every task replays history.
      settings: options.timeSkipping ? { maxCachedWorkflows: 0 } : {},
      sendRates: options.sendRates,
    });
    workerRun = worker.run();
  };
  const stopWorker = async () => {
    worker?.shutdown();
    await workerRun;
    worker = undefined;
  };
  await startWorker();

  const logger = pino({ level: 'silent' });
  const newRelay = (overrides: Partial<EventRelayOptions> = {}) =>
    new EventRelay({
      db,
      temporal: { get: async () => env.client },
      taskQueue,
      logger,
      intervalMs: 200,
      // The time-skipping server knows no custom search attributes.
      searchAttributes: !options.timeSkipping,
      plan: (event) => planStoredEvent(db, event, pacedChannelsOf(options.sendRates)),
      ...overrides,
    });
  let relay = newRelay();
  const fanout = new RuleChangeFanout({ db, logger, wakeEventRelay: () => relay.wake(), intervalMs: 200 });
  const deps: ApiDeps = {
    db,
    logger,
    adminToken: ADMIN_TOKEN,
    temporalHealthy: async () => true,
    wakeEventRelay: () => relay.wake(),
    wakeRuleFanout: () => fanout.wake(),
    rateLimit: options.rateLimit ?? TEST_RATE_LIMIT,
    pendingSends: (workflowId) => env.client.workflow.getHandle(workflowId).query(pendingSendsQuery),
    engineState: (workflowId) => env.client.workflow.getHandle(workflowId).query(engineStateQuery),
    console: options.console,
    webhooks: options.webhooks,
  };
  relay.start();
  fanout.start();
  return {
    env,
    db,
    app: createApp(deps),
    get relay() {
      return relay;
    },
    restartRelay: async (overrides) => {
      await relay.stop();
      relay = newRelay(overrides);
      relay.start();
      return relay;
    },
    taskQueue,
    startWorker,
    stopWorker,
    close: async () => {
      await fanout.stop();
      await relay.stop();
      await stopWorker();
      await env.teardown();
      await closeSharedRenderPool();
      await db.end();
      await database.drop();
    },
  };
}

/** One stack for all the tests of the file: started before the first, closed after the last. */
export function useSharedE2EStack(options: E2EStackOptions = {}): () => E2EStack {
  let stack: E2EStack | undefined;
  beforeAll(async () => {
    stack = await startE2EStack(options);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });
  return () => stackStarted(stack);
}

/**
 * A new time-skipping stack for each test, for files whose tests move the server's clock past real time:
 * each test starts on a server whose clock is at real time again, as the API's and database's clocks are.
 */
export function useFreshTimeSkippingStack(): () => E2EStack {
  let stack: E2EStack | undefined;
  beforeEach(async () => {
    stack = await startE2EStack({ timeSkipping: true });
  }, 120_000);
  afterEach(async () => {
    await stack?.close();
  });
  return () => stackStarted(stack);
}

function stackStarted(stack: E2EStack | undefined): E2EStack {
  if (!stack) throw new Error('the E2E stack is not started: use it inside a test or hook');
  return stack;
}

/** Polls until `check` returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached before the deadline');
    await new Promise((r) => setTimeout(r, 50));
  }
}
