import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { createWorker, type EngineWorkers } from '../../src/worker';
import pino from 'pino';
import { Pool } from 'pg';
import { createEngineActivities } from '../../src/activities';
import { createApp } from '../../src/api/app';
import { DevOutboxProvider } from '../../src/providers/dev-outbox';
import { EventRelay } from '../../src/relay/event-relay';
import { LazyTemporalClient } from '../../src/temporal/client';
import { startTemporalDevServer, type DevServer } from '../../src/temporal/dev-server';
import { ADMIN_TOKEN, TEST_RATE_LIMIT } from '../support/api-harness';
import { eventually } from '../support/e2e-stack';
import { createIsolatedDatabase, type IsolatedDatabase } from '../support/isolated-database';
import { shopScenario } from '../support/scenario';
import { quietRuntime, workflowBundle } from '../support/temporal-env';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('when Temporal is unreachable', () => {
  let db: Pool;
  let database: IsolatedDatabase | undefined;
  let temporal: LazyTemporalClient;
  let relay: EventRelay;
  let dev: DevServer | undefined;
  let worker: EngineWorkers | undefined;
  let workerRun: Promise<void> | undefined;
  let connection: NativeConnection | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-outage-'));

  afterAll(async () => {
    await relay?.stop();
    worker?.shutdown();
    await workerRun;
    await connection?.close();
    await temporal?.close();
    await dev?.stop();
    await db?.end();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('then the API still accepts 100 orders, and once Temporal is back each order’s event reaches its workflow and sends once', async () => {
    // Arrange: an API whose Temporal address has no server behind it yet.
    quietRuntime();
    const port = await freePort();
    database = await createIsolatedDatabase();
    db = new Pool({ connectionString: database.url });
    temporal = new LazyTemporalClient(`127.0.0.1:${port}`, 'default');
    const logger = pino({ level: 'silent' });
    relay = new EventRelay({
      db,
      temporal,
      taskQueue: 'outage',
      logger,
      intervalMs: 200,
      searchAttributes: true,
    });
    const app = createApp({
      db,
      logger,
      adminToken: ADMIN_TOKEN,
      temporalHealthy: () => temporal.healthy(),
      wakeEventRelay: () => relay.wake(),
      wakeRuleFanout: () => undefined, // no rule changes here
      rateLimit: TEST_RATE_LIMIT, // 100 orders at once
      pendingSends: (id) => temporal.pendingSends(id),
    });
    relay.start();
    const shop = await shopScenario(app, db);
    await shop.orderCreatedRule('email');

    // Act: 100 changes are accepted while Temporal is down...
    const created = [];
    for (let i = 0; i < 100; i += 10) {
      created.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, () =>
            shop.http.post('/v1/orders', {
              clientId: shop.client.id,
              locationId: shop.location.id,
              statusId: shop.statuses.received.id,
            }),
          ),
        )),
      );
    }
    const health = await shop.http.get('/health');
    const triedWhileDown = await eventually(async () => {
      const { rows } = await db.query(
        'SELECT attempts, parked_at, last_error FROM entity_events WHERE last_error IS NOT NULL LIMIT 1',
      );
      return rows[0];
    });

    // ...then Temporal and a worker come up.
    dev = await startTemporalDevServer({
      dataDir,
      port,
      uiPort: await freePort(),
      logFile: path.join(dataDir, 'temporal.log'),
    });
    connection = await NativeConnection.connect({ address: dev.address });
    worker = await createWorker({
      connection,
      taskQueue: 'outage',
      workflowBundle: await workflowBundle(),
      activities: createEngineActivities({ db, providers: outboxEverywhere(db) }),
    });
    workerRun = worker.run();

    // Assert
    expect(created.map((r) => r.status)).toEqual(Array(100).fill(201));
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ database: 'ok', temporal: 'unavailable', relay: { parked: 0 } });
    expect(health.body.relay.pending).toBeGreaterThan(0);
    // An outage is not the events' fault: their attempts are not used up, nothing is parked.
    expect(triedWhileDown).toMatchObject({ attempts: 0, parked_at: null });
    const orderIds = created.map((r) => r.body.id as string);
    const messages = await eventually(async () => {
      const { rows } = await db.query<{ order_id: string }>(
        'SELECT order_id FROM outbox_messages WHERE order_id = ANY($1::uuid[])',
        [orderIds],
      );
      return rows.length >= 100 ? rows : undefined;
    }, 120_000);
    const undelivered = await db.query('SELECT id FROM entity_events WHERE dispatched_at IS NULL');
    expect(messages.map((m) => m.order_id).sort()).toEqual([...orderIds].sort());
    expect(undelivered.rows).toEqual([]);
  }, 180_000);
});

function outboxEverywhere(db: Pool) {
  const outbox = new DevOutboxProvider(db);
  return { sms: outbox, whatsapp: outbox, viber: outbox, email: outbox };
}
