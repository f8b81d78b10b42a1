import pino from 'pino';
import { Pool } from 'pg';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import { createCompany } from '../../src/db/repositories/companies-repository';
import { workflowIdFor } from '../../src/workflows/definitions';
import { DispatchedEventsPruner } from '../../src/relay/dispatched-pruner';
import { EventRelay, type EventRelayOptions } from '../../src/relay/event-relay';
import { fakeTemporal, type FakeSignal } from '../fakes/fake-temporal-client';
import { ADMIN_TOKEN } from '../support/api-harness';
import { eventually } from '../support/e2e-stack';
import { createIsolatedDatabase, type IsolatedDatabase } from '../support/isolated-database';

/**
 * The relay against a real PostgreSQL with a fake Temporal client: retries, parking, partitions shared by
 * two relays, fairness between companies. (test/faults/relay-faults.test.ts does it on the real stack.)
 */
let database: IsolatedDatabase;
let db: Pool;
let relays: EventRelay[];
const logger = pino({ level: process.env.RELAY_TEST_LOG ?? 'silent' });

beforeEach(async () => {
  database = await createIsolatedDatabase();
  db = new Pool({ connectionString: database.url, max: 30 });
  relays = [];
});

afterEach(async () => {
  await Promise.all(relays.map((r) => r.stop()));
  await db.end();
  await database.drop();
});

function startRelay(
  temporal: ReturnType<typeof fakeTemporal>,
  name: string,
  options: Partial<EventRelayOptions> = {},
) {
  const relay = new EventRelay({
    db,
    temporal: temporal.source(name),
    taskQueue: 'relay-test',
    logger,
    intervalMs: 50,
    searchAttributes: false,
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    ...options,
  });
  relays.push(relay);
  relay.start();
  return relay;
}

const newCompany = async (name = 'Fixit') => (await createCompany(db, name)).company.id;

/** Stores `count` events of each entity in `entityIds`, entity after entity; returns their ids in order. */
async function storeEvents(companyId: string, entityIds: string[], count = 1): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO entity_events (company_id, entity, entity_id, type, payload)
     SELECT $1::uuid, 'order', entity_id, 'order.status_changed',
            jsonb_build_object('event', jsonb_build_object('companyId', $1::text, 'entity', 'order',
              'entityId', entity_id::text, 'type', 'order.status_changed', 'statusId', null,
              'previousStatusId', null, 'dueDate', null, 'previousDueDate', null), 'start', '{}'::jsonb)
       FROM unnest($2::uuid[]) WITH ORDINALITY AS e(entity_id, n), generate_series(1, $3) AS i
      ORDER BY e.n, i
     RETURNING id`,
    [companyId, entityIds, count],
  );
  return rows.map((r) => r.id);
}

const uuids = async (n: number) =>
  (
    await db.query<{ id: string }>('SELECT gen_random_uuid() AS id FROM generate_series(1, $1)', [n])
  ).rows.map((r) => r.id);

const undispatched = async () =>
  (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM entity_events WHERE dispatched_at IS NULL'))
    .rows[0]!.n;

/** Each entity's delivered event ids, in the order the fake Temporal accepted them. */
function deliveredByEntity(signals: FakeSignal[]): Map<string, string[]> {
  const byEntity = new Map<string, string[]>();
  for (const s of signals.filter((s) => s.accepted)) {
    byEntity.set(s.event.entityId, [...(byEntity.get(s.event.entityId) ?? []), s.event.id]);
  }
  return byEntity;
}

describe('event relay', () => {
  test('when Temporal refuses one entity’s event every time, then it is retried with growing backoff, parked after the last attempt with its entity’s later events behind it, and every other entity’s events are delivered', async () => {
    // Arrange
    const temporal = fakeTemporal();
    const companyId = await newCompany();
    const [poison, ...others] = await uuids(6);
    temporal.state.refused.add(workflowIdFor(companyId, 'order', poison!));
    const poisonEvents = await storeEvents(companyId, [poison!], 2);
    await storeEvents(companyId, others, 3);
    const relay = startRelay(temporal, 'a');
    const app = createApp({
      db,
      logger,
      adminToken: ADMIN_TOKEN,
      temporalHealthy: async () => true,
      wakeEventRelay: () => relay.wake(),
      wakeRuleFanout: () => undefined, // no rule changes here
      pendingSends: async () => [],
    });

    // Act
    const parked = await eventually(async () => {
      const { rows } = await db.query(
        'SELECT attempts, parked_at, last_error FROM entity_events WHERE id = $1',
        [poisonEvents[0]],
      );
      return rows[0].parked_at ? rows[0] : undefined;
    });
    await eventually(async () => ((await undispatched()) === 2 ? true : undefined));
    const health = await request(app).get('/health');
    const metrics = await eventually(async () => {
      const text = (await request(app).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`)).text;
      return /^entity_event_relay_parked 2$/m.test(text) ? text : undefined;
    });
    const listed = await request(app)
      .get('/admin/relay/parked')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);

    // Assert
    const poisonTries = temporal.signals.filter((s) => s.event.entityId === poison);
    expect(parked).toMatchObject({ attempts: 3, last_error: expect.stringContaining('INVALID_ARGUMENT') });
    expect(poisonTries.map((s) => s.event.id)).toEqual([poisonEvents[0], poisonEvents[0], poisonEvents[0]]);
    const gaps = [poisonTries[1]!.at - poisonTries[0]!.at, poisonTries[2]!.at - poisonTries[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[1]).toBeGreaterThanOrEqual(200);
    for (const entityId of others) expect(deliveredByEntity(temporal.signals).get(entityId)).toHaveLength(3);
    expect(health.status).toBe(200);
    expect(health.body).toEqual({
      status: 'ok',
      database: 'ok',
      temporal: 'ok',
      relay: { pending: 0, parked: 2, oldestPendingSeconds: 0 },
    });
    expect(metrics).toMatch(/^entity_events_parked_total \d+$/m);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: poisonEvents[0], entityId: poison, attempts: 3, companyId }),
    ]);
  });

  test('when an operator retries a parked event, then it and its entity’s later events are delivered, in order', async () => {
    // Arrange
    const temporal = fakeTemporal();
    const companyId = await newCompany();
    const [entityId] = await uuids(1);
    temporal.state.refused.add(workflowIdFor(companyId, 'order', entityId!));
    const events = await storeEvents(companyId, [entityId!], 3);
    const relay = startRelay(temporal, 'a', { retry: { maxAttempts: 1 } });
    const app = createApp({
      db,
      logger,
      adminToken: ADMIN_TOKEN,
      temporalHealthy: async () => true,
      wakeEventRelay: () => relay.wake(),
      wakeRuleFanout: () => undefined, // no rule changes here
      pendingSends: async () => [],
    });
    await eventually(async () => {
      const { rows } = await db.query('SELECT parked_at FROM entity_events WHERE id = $1', [events[0]]);
      return rows[0].parked_at ? true : undefined;
    });
    temporal.state.refused.clear();

    // Act
    const unauthorized = await request(app).post('/admin/relay/parked/retry').send({});
    const badInput = await request(app)
      .post('/admin/relay/parked/retry')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ eventIds: ['not-a-uuid'] });
    const retried = await request(app)
      .post('/admin/relay/parked/retry')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ eventIds: [events[0]] });
    await eventually(async () => ((await undispatched()) === 0 ? true : undefined));

    // Assert
    expect(unauthorized.status).toBe(401);
    expect(badInput.status).toBe(422);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ retried: 1 });
    expect(deliveredByEntity(temporal.signals).get(entityId!)).toEqual(events);
  });

  test('when Temporal is unreachable, then events wait without using up their attempts and go out once it is back', async () => {
    // Arrange
    const temporal = fakeTemporal();
    temporal.state.down = true;
    const companyId = await newCompany();
    const events = await storeEvents(companyId, await uuids(3), 1);
    startRelay(temporal, 'a', { retry: { maxAttempts: 1 } });

    // Act
    const waiting = await eventually(async () => {
      const { rows } = await db.query(
        'SELECT attempts, parked_at, last_error FROM entity_events WHERE last_error IS NOT NULL ORDER BY seq',
      );
      return rows.length > 0 ? rows : undefined;
    });
    temporal.state.down = false;
    await eventually(async () => ((await undispatched()) === 0 ? true : undefined));

    // Assert
    expect(waiting[0]).toMatchObject({
      attempts: 0,
      parked_at: null,
      last_error: expect.stringContaining('UNAVAILABLE'),
    });
    expect(
      temporal.signals
        .filter((s) => s.accepted)
        .map((s) => s.event.id)
        .sort(),
    ).toEqual([...events].sort());
  });

  test('when one company has 2,000 events queued, then another company’s event is among the first the relay sends', async () => {
    // Arrange
    const temporal = fakeTemporal();
    const busy = await newCompany('Busy');
    const quiet = await newCompany('Quiet');
    await storeEvents(busy, await uuids(2000));
    const [quietEvent] = await storeEvents(quiet, await uuids(1));

    // Act
    startRelay(temporal, 'a');
    await eventually(async () =>
      temporal.signals.some((s) => s.event.id === quietEvent) ? true : undefined,
    );

    // Assert
    const position = temporal.signals.findIndex((s) => s.event.id === quietEvent);
    expect(position).toBeLessThan(16); // one round of the relay's 16 lanes
    expect(temporal.signals[position]!.fairnessKey).toBe(quiet);
  });

  test('when two relays run on one database, then they hold different partitions, both deliver, each event goes out once, and each entity’s events stay in order', async () => {
    // Arrange: both relays are up and have split the partitions before the events arrive.
    const temporal = fakeTemporal({ callMs: 3 });
    const a = startRelay(temporal, 'a', { partitions: 8 });
    const b = startRelay(temporal, 'b', { partitions: 8 });
    await eventually(async () =>
      a.ownedPartitions().length === 4 && b.ownedPartitions().length === 4 ? true : undefined,
    );
    const companies = [await newCompany('One'), await newCompany('Two'), await newCompany('Three')];
    const stored: string[] = [];
    for (const companyId of companies) stored.push(...(await storeEvents(companyId, await uuids(40), 4)));

    // Act
    a.wake();
    b.wake();
    await eventually(async () => ((await undispatched()) === 0 ? true : undefined), 30_000);

    // Assert
    const accepted = temporal.signals.filter((s) => s.accepted);
    expect(new Set([...a.ownedPartitions(), ...b.ownedPartitions()]).size).toBe(8);
    expect(accepted.map((s) => s.event.id).sort()).toEqual([...stored].sort());
    expect(accepted.filter((s) => s.relay === 'a').length).toBeGreaterThan(0);
    expect(accepted.filter((s) => s.relay === 'b').length).toBeGreaterThan(0);
    const { rows } = await db.query<{ entity_id: string; id: string }>(
      'SELECT entity_id, id FROM entity_events ORDER BY seq',
    );
    const expected = new Map<string, string[]>();
    for (const r of rows) expected.set(r.entity_id, [...(expected.get(r.entity_id) ?? []), r.id]);
    expect(deliveredByEntity(temporal.signals)).toEqual(expected);
    for (const ids of deliveredByEntity(accepted.filter((s) => s.relay === 'a')).values()) {
      expect(ids).toHaveLength(4); // an entity is delivered by one relay only
    }
  });

  test('when dispatched events are older than the retention, then pruning deletes them and keeps recent and undelivered ones', async () => {
    // Arrange
    const companyId = await newCompany();
    const [old, recent, stuck] = await storeEvents(companyId, await uuids(3));
    await db.query(`UPDATE entity_events SET dispatched_at = now() - interval '8 days' WHERE id = $1`, [old]);
    await db.query(`UPDATE entity_events SET dispatched_at = now() - interval '1 day' WHERE id = $1`, [
      recent,
    ]);
    const pruner = new DispatchedEventsPruner({ db, logger, retentionDays: 7, intervalMs: 60_000 });

    // Act
    const deleted = await pruner.runOnce();

    // Assert
    const { rows } = await db.query<{ id: string }>('SELECT id FROM entity_events ORDER BY seq');
    expect(deleted).toBe(1);
    expect(rows.map((r) => r.id)).toEqual([recent, stuck]);
  });
});
