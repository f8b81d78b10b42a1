/**
 * `npm run bench`: how long from `POST /v1/orders` until the message is in the dev outbox, over the real
 * stack (embedded PostgreSQL unless DATABASE_URL, the Temporal CLI dev server, a worker, the API).
 * Prints figures; asserts nothing. BENCH_ORDERS (default 100) sequential orders, then a burst of
 * BENCH_BURST (default 200) concurrent ones for throughput.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startApiServer } from '../src/api-server';
import { loadEnv } from '../src/config';
import { createCompany } from '../src/db/repositories/companies-repository';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { migrate } from '../src/db/migrate';
import { createPool } from '../src/db/pool';
import { createLogger } from '../src/logger';
import { startTemporalDevServer } from '../src/temporal/dev-server';
import { buildActivities, createWorker } from '../src/worker';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100);
const BURST = Number(process.env.BENCH_BURST ?? 200);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'notifications-bench-'));
  // Open, so that as root the postgres user keeps its data here rather than in /var/lib.
  fs.chmodSync(tmp, 0o755);
  const env = loadEnv({ ...process.env, PORT: '0', LOG_LEVEL: 'warn', EVENT_RELAY_INTERVAL_MS: '1000' });
  const logger = createLogger('warn');
  const pg = env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({
        dataDir: path.join(tmp, 'pg'),
        port: 20000 + Math.floor(Math.random() * 20000),
      });
  const databaseUrl = env.DATABASE_URL ?? pg!.url;
  await migrate(databaseUrl);
  const db = createPool(databaseUrl, 20);
  const dev = await startTemporalDevServer({
    dataDir: path.join(tmp, 'temporal'),
    port: 17233 + Math.floor(Math.random() * 1000),
    uiPort: 19233 + Math.floor(Math.random() * 1000),
    logFile: path.join(tmp, 'temporal.log'),
  });
  const connection = await NativeConnection.connect({ address: dev.address });
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    activities: buildActivities(env, db),
  });
  const workerRun = worker.run();
  const api = await startApiServer({ env, db, logger, adminToken: 'bench', temporalAddress: dev.address });

  const { company, apiKey } = await createCompany(db, 'Bench Repairs');
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${api.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const location = await call('POST', '/v1/locations', { name: 'Bench', timezone: 'UTC', workingHours: {} });
  const status = await call('POST', '/v1/statuses', { entity: 'order', name: 'Received' });
  const client = await call('POST', '/v1/clients', {
    name: 'Ann',
    phone: '+14155552671',
    consent: { sms: true },
  });
  const template = await call('POST', '/v1/templates', {
    name: 'Created',
    body: 'Order {{order.number}} received',
  });
  await call('POST', '/v1/notification-rules', {
    entity: 'order',
    kind: 'notification',
    locationId: location.id,
    trigger: { type: 'order.created' },
    channel: 'sms',
    templateId: template.id,
  });
  const newOrder = () =>
    call('POST', '/v1/orders', { clientId: client.id, locationId: location.id, statusId: status.id });
  const inOutbox = async (orderId: string, deadline: number) => {
    for (;;) {
      const { messages } = await call('GET', `/v1/outbox?orderId=${orderId}`);
      if (messages.length > 0) return;
      if (Date.now() > deadline) throw new Error(`order ${orderId}: no message within the deadline`);
      await new Promise((r) => setTimeout(r, 2));
    }
  };

  await inOutbox((await newOrder()).id, Date.now() + 30_000); // warm-up: workflow cache, JIT, pools
  const latencies: number[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const started = performance.now();
    const order = await newOrder();
    await inOutbox(order.id, Date.now() + 30_000);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);

  // One poller counting the company's outbox, not one per order: 200 pollers would load the machine
  // more than the service does.
  const outboxCount = async () =>
    Number(
      (await db.query('SELECT count(*) AS n FROM outbox_messages WHERE company_id = $1', [company.id]))
        .rows[0].n,
    );
  const expected = (await outboxCount()) + BURST;
  const burstStarted = performance.now();
  await Promise.all(Array.from({ length: BURST }, () => newOrder()));
  const burstDeadline = Date.now() + 300_000;
  while ((await outboxCount()) < expected) {
    if (Date.now() > burstDeadline) throw new Error('burst: not every message arrived within the deadline');
    await new Promise((r) => setTimeout(r, 20));
  }
  const burstSeconds = (performance.now() - burstStarted) / 1000;
  // Where the burst's time went: accepting the orders, relaying their events, sending the messages.
  const stages = (
    await db.query(
      `SELECT extract(epoch FROM max(e.created_at) - min(e.created_at)) AS accepted,
              extract(epoch FROM max(e.dispatched_at) - min(e.created_at)) AS relayed,
              extract(epoch FROM max(m.created_at) - min(e.created_at)) AS sent
         FROM (SELECT * FROM entity_events WHERE company_id = $1 ORDER BY seq DESC LIMIT $2) e
         JOIN outbox_messages m ON m.order_id = e.entity_id`,
      [company.id, BURST],
    )
  ).rows[0];

  const ms = (v: number) => `${v.toFixed(1)} ms`;
  console.log(`\nPOST /v1/orders → message in the dev outbox, ${ORDERS} orders one after another:`);
  console.log(
    `  median ${ms(percentile(latencies, 50))}   p95 ${ms(percentile(latencies, 95))}   p99 ${ms(percentile(latencies, 99))}   max ${ms(latencies[latencies.length - 1]!)}`,
  );
  console.log(
    `Burst of ${BURST} concurrent orders: all delivered in ${burstSeconds.toFixed(2)} s (${(BURST / burstSeconds).toFixed(0)} orders/s)`,
  );
  console.log(
    `  all accepted after ${Number(stages.accepted).toFixed(2)} s, relayed to Temporal after ${Number(stages.relayed).toFixed(2)} s, sent after ${Number(stages.sent).toFixed(2)} s`,
  );
  console.log(`Machine: ${os.cpus().length} cores, Node ${process.version}\n`);

  await api.stop();
  worker.shutdown();
  await workerRun;
  await connection.close();
  await dev.stop();
  await db.end();
  await pg?.stop();
  if (pg) fs.rmSync(pg.dataDir, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
