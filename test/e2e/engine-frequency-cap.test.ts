/**
 * No floods (SPEC 9): `maxMessagesPerClientPerDay`, with the real activities. No timer is involved, so the
 * stack runs on the Temporal dev server, where orders created at once run their workflows side by side.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { createEngineActivities, type SendOutcome } from '../../src/activities';
import type { PendingSend } from '../../src/domain/engine-state';
import { DevOutboxProvider } from '../../src/providers/dev-outbox';
import { workflowIdFor } from '../../src/workflows/definitions';
import { eventually, useSharedE2EStack } from '../support/e2e-stack';
import { engineShop, type EngineShop } from '../support/engine-scenario';
import type { FeedEntry } from '../support/feed';
import { ok } from '../support/tenant-http';

const stack = useSharedE2EStack();

const setCap = (shop: EngineShop, cap: number | null) =>
  ok(shop.http.patch('/v1/settings', { maxMessagesPerClientPerDay: cap }));

/** Every order's feed, once each has a sent or skipped notification. */
async function settledFeeds(shop: EngineShop, ids: string[], feedOf = shop.orderFeed) {
  return eventually(async () => {
    const feeds = await Promise.all(ids.map(feedOf));
    const settled = feeds.every((f) =>
      f.some((e) => e.type === 'notification.sent' || e.type === 'notification.skipped'),
    );
    return settled ? feeds.flat() : undefined;
  }, 30_000);
}

const capped = (entries: FeedEntry[]) =>
  entries.filter((e) => e.type.endsWith('.skipped') && e.reason === 'frequency_capped');

describe('maxMessagesPerClientPerDay (Temporal dev server, real activities)', () => {
  test('when six orders of one client are created at once with a cap of 2, then exactly two messages go and four are skipped as frequency_capped', async () => {
    // Arrange
    const shop = await engineShop(stack());
    await setCap(shop, 2);
    const rule = await shop.rule({ trigger: { type: 'order.created' } });

    // Act
    const orders = await Promise.all(Array.from({ length: 6 }, () => shop.createOrder()));
    const entries = await settledFeeds(
      shop,
      orders.map((o) => o.id),
    );

    // Assert
    expect(entries.filter((e) => e.type === 'notification.sent')).toHaveLength(2);
    expect(capped(entries)).toEqual(
      Array.from({ length: 4 }, () =>
        expect.objectContaining({ type: 'notification.skipped', ruleId: rule.id, channel: 'sms' }),
      ),
    );
    const { messages } = await ok(shop.http.get(`/v1/outbox?clientId=${shop.client.id}`));
    expect(messages).toHaveLength(2);
  });

  test('when the client’s order and lead used the cap, then the next order’s message is skipped, and another client’s is not', async () => {
    // Arrange
    const shop = await engineShop(stack());
    await setCap(shop, 2);
    await shop.rule({ trigger: { type: 'order.created' } });
    await shop.rule({ entity: 'lead', trigger: { type: 'lead.created' } });
    const first = await shop.createOrder();
    await shop.waitForOrderFeed(first.id, 'notification.sent');
    const lead = await ok(
      shop.http.post('/v1/leads', { clientId: shop.client.id, statusId: shop.leadStatuses.new.id }),
    );
    await shop.waitForLeadFeed(lead.id, 'notification.sent');
    const other = await ok(
      shop.http.post('/v1/clients', { name: 'Taras', phone: '+380671112233', consent: { sms: true } }),
    );

    // Act
    const third = await shop.createOrder();
    const othersOrder = await shop.createOrder({ clientId: other.id });
    const feed = await shop.waitForOrderFeed(third.id, 'notification.skipped');
    const othersFeed = await shop.waitForOrderFeed(othersOrder.id, 'notification.sent');

    // Assert
    expect(capped(feed)).toEqual([
      expect.objectContaining({
        reason: 'frequency_capped',
        maxMessagesPerClientPerDay: 2,
        deliveryId: null,
      }),
    ]);
    expect(capped(othersFeed)).toEqual([]);
    expect(await shop.orderOutbox(third.id)).toEqual([]);
  });

  test('when a fallback goes, then it counts toward the cap, and a fallback beyond the cap is skipped too', async () => {
    // Arrange
    const shop = await engineShop(stack());
    await setCap(shop, 1);
    await ok(shop.http.patch(`/v1/clients/${shop.client.id}`, { consent: { sms: false } }));
    await shop.rule({
      trigger: { type: 'order.created' },
      fallback: { channel: 'email', after: { value: 1, unit: 'hours' } },
    });

    // Act
    const first = await shop.createOrder();
    const firstFeed = await shop.waitForOrderFeed(first.id, 'notification.skipped', 'notification.sent');
    const second = await shop.createOrder();
    const secondFeed = await shop.waitForOrderFeed(second.id, 'notification.skipped', 'notification.skipped');

    // Assert
    expect(firstFeed.filter((e) => e.type === 'notification.sent')).toEqual([
      expect.objectContaining({ channel: 'email', fallbackOf: null }),
    ]);
    expect(
      secondFeed.filter((e) => e.type === 'notification.skipped').map((e) => [e.channel, e.reason]),
    ).toEqual([
      ['sms', 'no_consent'],
      ['email', 'frequency_capped'],
    ]);
  });

  test('when N sends to one client run in parallel across its orders and leads with a cap of k, then exactly k are sent', async () => {
    // Arrange: rules the workflows never fire (no status change), so only these sends go.
    const shop = await engineShop(stack());
    await setCap(shop, 3);
    const orderRule = await shop.rule({
      trigger: { type: 'order.status_changed_to', statusId: shop.statuses.closed.id },
    });
    const leadRule = await shop.rule({
      entity: 'lead',
      trigger: { type: 'lead.status_changed_to', statusId: shop.leadStatuses.qualified.id },
    });
    const orders = await Promise.all(Array.from({ length: 5 }, () => shop.createOrder()));
    const leads = await Promise.all(
      Array.from({ length: 4 }, () =>
        ok(shop.http.post('/v1/leads', { clientId: shop.client.id, statusId: shop.leadStatuses.new.id })),
      ),
    );
    const outbox = new DevOutboxProvider(stack().db);
    const activities = createEngineActivities({
      db: stack().db,
      providers: { sms: outbox, whatsapp: outbox, viber: outbox, email: outbox },
    });
    const sendRef = (entity: 'order' | 'lead', entityId: string, ruleId: string) => {
      const send: PendingSend = {
        key: `${ruleId}:parallel-${entityId}`,
        kind: 'notification',
        ruleId,
        channel: 'sms',
        sendAt: new Date().toISOString(),
        eventId: `parallel-${entityId}`,
        triggerType: `${entity}.created`,
        expectedStatusId: null,
        dueDate: null,
        deferred: false,
      };
      return {
        companyId: shop.company.id,
        entity,
        entityId,
        workflowId: workflowIdFor(shop.company.id, entity, entityId),
        send,
      };
    };
    const refs = [
      ...orders.map((o) => sendRef('order', o.id, orderRule.id)),
      ...leads.map((l) => sendRef('lead', l.id, leadRule.id)),
    ];

    // Act
    const outcomes = await Promise.all(
      refs.map(
        (ref) => new MockActivityEnvironment().run(activities.sendMessage, ref) as Promise<SendOutcome>,
      ),
    );

    // Assert
    const byOutcome = (o: SendOutcome) => (o.outcome === 'skipped' ? `skipped:${o.reason}` : o.outcome);
    expect(outcomes.map(byOutcome).sort()).toEqual([
      'accepted',
      'accepted',
      'accepted',
      ...Array.from({ length: 6 }, () => 'skipped:frequency_capped'),
    ]);
    const { messages } = await ok(shop.http.get(`/v1/outbox?clientId=${shop.client.id}`));
    expect(messages).toHaveLength(3);
  });
});
