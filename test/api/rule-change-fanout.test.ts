import pino from 'pino';
import { RuleChangeFanout } from '../../src/services/rule-change-fanout';
import { createApiHarness, newTenant, type ApiHarness } from '../support/api-harness';
import { eventually } from '../support/e2e-stack';
import { createIsolatedDatabase, type IsolatedDatabase } from '../support/isolated-database';
import { createLocation, createOrderStatuses } from '../support/shop-setup';
import { ok } from '../support/tenant-http';

// A database of its own: the test drives the fan-out worker itself, and no other file's worker may help.
let database: IsolatedDatabase;
let harness: ApiHarness;
beforeAll(async () => {
  database = await createIsolatedDatabase();
  harness = createApiHarness({}, { database: database.url, runFanout: false });
});
afterAll(async () => {
  await harness.close();
  await database.drop();
});

const OPEN_ORDERS = 3000;

const worker = (batchSize?: number) =>
  new RuleChangeFanout({
    db: harness.db,
    logger: pino({ level: 'silent' }),
    wakeEventRelay: () => undefined,
    intervalMs: 100,
    batchSize,
  });

async function rulesChangedPerOrder(companyId: string): Promise<Map<string, number>> {
  const { rows } = await harness.db.query<{ entity_id: string; n: number }>(
    `SELECT entity_id, count(*)::int AS n FROM entity_events
      WHERE company_id = $1 AND type = 'order.rules_changed' GROUP BY entity_id`,
    [companyId],
  );
  return new Map(rows.map((r) => [r.entity_id, r.n]));
}

test('when a reminder rule concerns 3,000 open orders, then the request answers without locking them and every order hears of it exactly once, even after a worker stopped mid-way', async () => {
  // Arrange: a shop with 3,000 open orders due in three days at one location.
  const tenant = await newTenant(harness);
  const location = await createLocation(tenant.http, 'Main');
  const { received } = await createOrderStatuses(tenant.http);
  const client = await ok(tenant.http.post('/v1/clients', { name: 'Olena', phone: '+380501234567' }));
  const template = await ok(tenant.http.post('/v1/templates', { name: 'Reminder', body: 'See you soon' }));
  await harness.db.query(
    `INSERT INTO orders (company_id, number, client_id, location_id, status_id, due_date)
     SELECT $1, 'bulk-' || n, $2, $3, $4, now() + interval '3 days' FROM generate_series(1, ${OPEN_ORDERS}) n`,
    [tenant.company.id, client.id, location.id, received.id],
  );
  // Someone is changing one of the orders right now: its row stays locked during the rule change.
  const busy = await harness.db.connect();
  await busy.query('BEGIN');
  await busy.query('SELECT id FROM orders WHERE company_id = $1 LIMIT 1 FOR UPDATE', [tenant.company.id]);

  // Act
  const startedAt = Date.now();
  const res = await tenant.http.post('/v1/notification-rules', {
    entity: 'order',
    kind: 'reminder',
    locationId: location.id,
    channel: 'sms',
    templateId: template.id,
    remindBefore: { value: 1, unit: 'days' },
  });
  const answeredInMs = Date.now() - startedAt;
  await busy.query('COMMIT');
  busy.release();
  const storedWithTheRule = await rulesChangedPerOrder(tenant.company.id);
  // A worker writes one batch and then its process "dies"; another replica's worker does the rest.
  await worker(500).runBatch();
  const afterOneBatch = await rulesChangedPerOrder(tenant.company.id);
  const survivor = worker();
  survivor.start();
  const told = await eventually(async () => {
    const perOrder = await rulesChangedPerOrder(tenant.company.id);
    return perOrder.size === OPEN_ORDERS ? perOrder : undefined;
  }, 30_000);
  await survivor.stop();

  // Assert
  console.log(`rule change over ${OPEN_ORDERS} open orders answered in ${answeredInMs} ms`);
  expect(res.status).toBe(201);
  expect(storedWithTheRule.size).toBe(0);
  expect(afterOneBatch.size).toBe(500);
  expect([...told.values()].every((n) => n === 1)).toBe(true);
  const { rows: left } = await harness.db.query('SELECT 1 FROM rule_change_fanouts');
  expect(left).toEqual([]);
});

test('when a fan-out is stored, then its batches of two companies take turns', async () => {
  // Arrange: two companies, each with a reminder rule change over 30 orders, fanned out 10 at a time.
  const shops = await Promise.all(
    ['First', 'Second'].map(async (name) => {
      const tenant = await newTenant(harness, name);
      const location = await createLocation(tenant.http, 'Main');
      const { received } = await createOrderStatuses(tenant.http);
      const client = await ok(tenant.http.post('/v1/clients', { name: 'Olena' }));
      const template = await ok(tenant.http.post('/v1/templates', { name: 'Reminder', body: 'Soon' }));
      await harness.db.query(
        `INSERT INTO orders (company_id, number, client_id, location_id, status_id, due_date)
         SELECT $1, 'n-' || n, $2, $3, $4, now() + interval '3 days' FROM generate_series(1, 30) n`,
        [tenant.company.id, client.id, location.id, received.id],
      );
      return { tenant, location, template };
    }),
  );
  for (const { tenant, location, template } of shops) {
    await ok(
      tenant.http.post('/v1/notification-rules', {
        entity: 'order',
        kind: 'reminder',
        locationId: location.id,
        channel: 'sms',
        templateId: template.id,
        remindBefore: { value: 1, unit: 'hours' },
      }),
    );
  }

  // Act: two batches
  const fanout = worker(10);
  await fanout.runBatch();
  await fanout.runBatch();

  // Assert: each company got one batch, not the first company two.
  const counts = await Promise.all(shops.map(({ tenant }) => rulesChangedPerOrder(tenant.company.id)));
  expect(counts.map((c) => c.size)).toEqual([10, 10]);
  await fanout.drain();
  const done = await Promise.all(shops.map(({ tenant }) => rulesChangedPerOrder(tenant.company.id)));
  expect(done.map((c) => c.size)).toEqual([30, 30]);
});
