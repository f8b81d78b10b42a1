import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import pino from 'pino';
import { Pool } from 'pg';
import { createEngineActivities } from '../../src/activities';
import { createApp } from '../../src/api/app';
import { DevOutboxProvider } from '../../src/providers/dev-outbox';
import { EventRelay } from '../../src/relay/event-relay';
import { LazyTemporalClient } from '../../src/temporal/client';
import { startTemporalDevServer, type DevServer } from '../../src/temporal/dev-server';
import { ADMIN_TOKEN } from '../support/api-harness';
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
  let worker: Worker | undefined;
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

  test('then the API still accepts orders, and their events reach the workflow once Temporal is back', async () => {
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
      pendingSends: (id) => temporal.pendingSends(id),
    });
    relay.start();
    const shop = await shopScenario(app, db);
    await shop.orderCreatedRule('email');

    // Act: the change is accepted while Temporal is down...
    const created = await shop.http.post('/v1/orders', {
      clientId: shop.client.id,
      locationId: shop.location.id,
      statusId: shop.statuses.received.id,
    });
    const health = await shop.http.get('/health');
    const pendingEvents = await db.query('SELECT attempts FROM entity_events WHERE entity_id = $1', [
      created.body.id,
    ]);
    const pendingBeforeRelayFailed = await eventually(async () => {
      const { rows } = await db.query('SELECT attempts FROM entity_events WHERE entity_id = $1', [
        created.body.id,
      ]);
      return rows[0].attempts > 0 ? rows[0] : undefined;
    });

    // ...then Temporal and a worker come up.
    dev = await startTemporalDevServer({
      dataDir,
      port,
      uiPort: await freePort(),
      logFile: path.join(dataDir, 'temporal.log'),
    });
    connection = await NativeConnection.connect({ address: dev.address });
    worker = await Worker.create({
      connection,
      taskQueue: 'outage',
      workflowBundle: await workflowBundle(),
      activities: createEngineActivities({ db, providers: outboxEverywhere(db) }),
    });
    workerRun = worker.run();

    // Assert
    expect(created.status).toBe(201);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ database: 'ok', temporal: 'unavailable' });
    expect(pendingEvents.rows).toHaveLength(1);
    expect(pendingBeforeRelayFailed.attempts).toBeGreaterThan(0);
    const messages = await eventually(async () => {
      const body = await shop.ok(shop.http.get(`/v1/outbox?orderId=${created.body.id}`));
      return body.messages.length > 0 ? body.messages : undefined;
    }, 60_000);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ channel: 'email', to: 'olena@example.com' });
  });
});

function outboxEverywhere(db: Pool) {
  const outbox = new DevOutboxProvider(db);
  return { sms: outbox, whatsapp: outbox, viber: outbox, email: outbox };
}
