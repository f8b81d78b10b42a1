import { Client } from '@temporalio/client';
import request from 'supertest';
import type { EntityEvent } from '../../src/domain/types';
import { createOrder } from '../../src/services/entity-changes-service';
import pino from 'pino';
import { EventRelay } from '../../src/relay/event-relay';
import { LazyTemporalClient } from '../../src/temporal/client';
import { startFreezableProxy } from '../fakes/freezable-proxy';
import { ADMIN_TOKEN } from '../support/api-harness';
import { eventually, useSharedE2EStack, type E2EStack } from '../support/e2e-stack';
import { ofType, type FeedEntry } from '../support/feed';
import { shopScenario } from '../support/scenario';

/** Faults the relay must survive on the real stack: API, relay, worker, Temporal dev server, PostgreSQL. */
const stack = useSharedE2EStack();

type Shop = Awaited<ReturnType<typeof shopScenario>>;

const companyOf = async (shop: Shop) =>
  (await stack().db.query('SELECT company_id FROM locations WHERE id = $1', [shop.location.id])).rows[0]
    .company_id as string;

const orderFeed = async (shop: Shop, orderId: string): Promise<FeedEntry[]> =>
  (await shop.ok(shop.http.get(`/v1/orders/${orderId}/feed`))).entries;

const waitForSent = (shop: Shop, orderId: string, timeoutMs?: number) =>
  eventually(async () => {
    const sent = ofType(await orderFeed(shop, orderId), 'notification.sent');
    return sent.length > 0 ? sent : undefined;
  }, timeoutMs);

/** A client on the stack's connection that records the events it signals, in the order it signals them. */
function clientRecording(s: E2EStack, signalled: EntityEvent[]): Client {
  return new Client({
    connection: s.env.client.connection,
    interceptors: {
      workflow: [
        {
          signalWithStart: async (input, next) => {
            const runId = await next(input);
            signalled.push(input.signalArgs[0] as EntityEvent);
            return runId;
          },
        },
      ],
    },
  });
}

/** A client on the stack's connection that fails signal-with-start for the events `refuse` picks. */
function clientRefusing(s: E2EStack, refuse: (event: EntityEvent) => boolean): Client {
  return new Client({
    connection: s.env.client.connection,
    interceptors: {
      workflow: [
        {
          signalWithStart: (input, next) => {
            if (refuse(input.signalArgs[0] as EntityEvent)) {
              return Promise.reject(new Error('3 INVALID_ARGUMENT: injected refusal of this entity'));
            }
            return next(input);
          },
        },
      ],
    },
  });
}

describe('relay faults (real stack)', () => {
  test('when Temporal refuses one order’s events, then that order is parked and shown in /health and the metrics while other orders’ events keep flowing, and an operator’s retry delivers it in order', async () => {
    // Arrange: orders created in the "Poison" status are refused by Temporal (an injected fault).
    const shop = await shopScenario(stack().app, stack().db);
    await shop.orderCreatedRule('email');
    const poisonStatus = await shop.ok(shop.http.post('/v1/statuses', { entity: 'order', name: 'Poison' }));
    const fault = { on: true };
    const refusing = clientRefusing(
      stack(),
      (e) => fault.on && e.type === 'order.created' && e.statusId === poisonStatus.id,
    );
    await stack().restartRelay({
      temporal: { get: async () => refusing },
      retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 400 },
    });

    // Act
    const poison = await shop.createOrder({ statusId: poisonStatus.id });
    await shop.patchOrder(poison.id, { statusId: shop.statuses.ready.id });
    const others = await Promise.all([1, 2, 3, 4, 5].map(() => shop.createOrder()));
    const othersSent = await Promise.all(others.map((o) => waitForSent(shop, o.id)));
    const parkedHealth = await eventually(async () => {
      const res = await request(stack().app).get('/health');
      return res.body.relay?.parked === 2 ? res : undefined;
    });
    const metrics = await eventually(async () => {
      const text = (await request(stack().app).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`))
        .text;
      return /^entity_event_relay_parked 2$/m.test(text) ? text : undefined;
    });
    const poisonEventsBeforeRetry = await stack().db.query(
      'SELECT type, attempts, parked_at, dispatched_at FROM entity_events WHERE entity_id = $1 ORDER BY seq',
      [poison.id],
    );
    fault.on = false;
    const retry = await request(stack().app)
      .post('/admin/relay/parked/retry')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({});
    const poisonSent = await waitForSent(shop, poison.id);

    // Assert
    expect(othersSent.every((sent) => sent.length === 1)).toBe(true);
    expect(parkedHealth.status).toBe(200);
    expect(parkedHealth.body).toMatchObject({ status: 'ok', database: 'ok', temporal: 'ok' });
    expect(metrics).toMatch(/^entity_events_parked_total [1-9]/m);
    expect(poisonEventsBeforeRetry.rows).toEqual([
      expect.objectContaining({
        type: 'order.created',
        attempts: 3,
        parked_at: expect.any(Date),
        dispatched_at: null,
      }),
      expect.objectContaining({
        type: 'order.status_changed',
        attempts: 0,
        parked_at: null,
        dispatched_at: null,
      }),
    ]);
    expect(retry.body).toEqual({ retried: 1 });
    expect(poisonSent).toHaveLength(1);
    // The status change reached the workflow after order.created: both are in the workflow's own feed order.
    const handled = await eventually(async () => {
      const { rows } = await stack().db.query(
        'SELECT count(*)::int AS n FROM entity_events WHERE entity_id = $1 AND dispatched_at IS NOT NULL',
        [poison.id],
      );
      return rows[0].n === 2 ? rows[0].n : undefined;
    });
    expect(handled).toBe(2);
  });

  test('when two relays share the database, then both deliver, each event reaches Temporal once, and each order’s events arrive in order', async () => {
    // Arrange: the stack's relay and a second one (as in a second API replica) have split the partitions.
    const shop = await shopScenario(stack().app, stack().db);
    const byA: EntityEvent[] = [];
    const byB: EntityEvent[] = [];
    const a = await stack().restartRelay({ temporal: { get: async () => clientRecording(stack(), byA) } });
    const b = new EventRelay({
      db: stack().db,
      temporal: { get: async () => clientRecording(stack(), byB) },
      taskQueue: stack().taskQueue,
      logger: pino({ level: 'silent' }),
      intervalMs: 200,
      searchAttributes: true,
    });
    b.start();
    try {
      await eventually(async () =>
        a.ownedPartitions().length === 8 && b.ownedPartitions().length === 8 ? true : undefined,
      );

      // Act: 40 orders, each created and then moved to another status (two events each).
      const orders = await Promise.all(Array.from({ length: 40 }, () => shop.createOrder()));
      await Promise.all(orders.map((o) => shop.patchOrder(o.id, { statusId: shop.statuses.ready.id })));
      b.wake();
      const ids = orders.map((o) => o.id);
      await eventually(async () => {
        const { rows } = await stack().db.query(
          'SELECT count(*)::int AS n FROM entity_events WHERE entity_id = ANY($1::uuid[]) AND dispatched_at IS NULL',
          [ids],
        );
        return rows[0].n === 0 ? true : undefined;
      }, 60_000);

      // Assert
      const stored = await stack().db.query<{ id: string; entity_id: string }>(
        'SELECT id, entity_id FROM entity_events WHERE entity_id = ANY($1::uuid[]) ORDER BY seq',
        [ids],
      );
      const signalled = [...byA, ...byB];
      const inOrder = (events: { id: string; entityId: string }[]) =>
        ids.map((id) => events.filter((e) => e.entityId === id).map((e) => e.id));
      expect(byA.length).toBeGreaterThan(0);
      expect(byB.length).toBeGreaterThan(0);
      expect(signalled.map((e) => e.id).sort()).toEqual(stored.rows.map((r) => r.id).sort());
      // Each order's events went out from one relay, in the order they were stored.
      const fromA = new Set(byA.map((e) => e.entityId));
      expect(byB.filter((e) => fromA.has(e.entityId))).toEqual([]);
      expect(inOrder(signalled)).toEqual(
        inOrder(stored.rows.map((r) => ({ id: r.id, entityId: r.entity_id }))),
      );
    } finally {
      await b.stop();
      await stack().restartRelay();
    }
  });

  test('when Temporal stops answering mid-call, then the relay’s call ends at its deadline, and the event is delivered once Temporal answers again', async () => {
    // Arrange: the relay reaches Temporal through a proxy that can hang.
    const shop = await shopScenario(stack().app, stack().db);
    await shop.orderCreatedRule('email');
    const proxy = await startFreezableProxy(stack().env.address);
    const temporal = new LazyTemporalClient(proxy.address, 'default');
    try {
      await stack().restartRelay({ temporal, callTimeoutMs: 1000 });
      await waitForSent(shop, (await shop.createOrder()).id); // connected through the proxy

      // Act
      proxy.freeze();
      const order = await shop.createOrder();
      const hung = await eventually(async () => {
        const { rows } = await stack().db.query(
          'SELECT attempts, last_error, dispatched_at FROM entity_events WHERE entity_id = $1',
          [order.id],
        );
        return rows[0].last_error ? rows[0] : undefined;
      });
      proxy.thaw();
      const sent = await waitForSent(shop, order.id, 30_000);

      // Assert
      expect(hung).toMatchObject({
        attempts: 0,
        dispatched_at: null,
        last_error: expect.stringMatching(/deadline/i),
      });
      expect(sent).toHaveLength(1);
    } finally {
      await stack().restartRelay();
      await temporal.close();
      await proxy.close();
    }
  });

  test('when one company pushes 2,000 changes, then another company’s change is in its feed at once, relayed to its workflow within 2 seconds, and its message goes out', async () => {
    // Arrange: the busy company's 2,000 orders are stored while the relay is stopped, so all of them are
    // queued (in the relay and then in Temporal's task queue) when the quiet company's change arrives.
    await stack().restartRelay();
    const busy = await shopScenario(stack().app, stack().db);
    const busyCompany = await companyOf(busy);
    const quiet = await shopScenario(stack().app, stack().db);
    await quiet.orderCreatedRule('email');
    await stack().relay.stop();
    const order = {
      clientId: busy.client.id,
      locationId: busy.location.id,
      statusId: busy.statuses.received.id,
    };
    const storedStarted = Date.now();
    for (let i = 0; i < 2000; i += 25) {
      await Promise.all(Array.from({ length: 25 }, () => createOrder(stack().db, busyCompany, order)));
    }
    const storedMs = Date.now() - storedStarted;

    // Act
    await stack().restartRelay();
    const started = Date.now();
    const created = await quiet.createOrder();
    const feedAtOnce = await orderFeed(quiet, created.id);
    // Waits past the promise, so a failure shows how late it was.
    const reached = await waitForSent(quiet, created.id, 90_000).then(
      () => true,
      () => false,
    );
    const elapsedMs = reached ? Date.now() - started : Infinity;
    const { rows } = await stack().db.query(
      `SELECT count(*) FILTER (WHERE dispatched_at IS NULL)::int AS undelivered FROM entity_events WHERE company_id = $1`,
      [busyCompany],
    );
    const relayed = await stack().db.query(
      `SELECT extract(epoch FROM dispatched_at - created_at) * 1000 AS ms FROM entity_events WHERE entity_id = $1`,
      [created.id],
    );

    // Assert
    console.log(
      `fairness: 2,000 busy-company orders stored in ${storedMs} ms; the quiet company's order reached its feed (notification.sent) ${elapsedMs} ms after POST /v1/orders (relayed after ${Math.round(relayed.rows[0].ms)} ms), with ${rows[0].undelivered} busy-company events not yet relayed`,
    );
    // The relay's share is what this promise measures (SPEC §6 "companies share the relay fairly"); the time
    // to notification.sent also holds the worker's backlog of the busy company's workflows, and is printed.
    expect(ofType(feedAtOnce, 'order.created')).toHaveLength(1);
    expect(Number(relayed.rows[0].ms)).toBeLessThanOrEqual(2000);
    expect(reached).toBe(true);
  }, 180_000);
});
