import { workflowIdFor } from '../../src/workflows/definitions';
import { eventually, useFreshTimeSkippingStack } from '../support/e2e-stack';
import { engineShop, type EngineShop } from '../support/engine-scenario';
import { ofType, type FeedEntry } from '../support/feed';
import { recordHistory } from '../support/histories';
import { armedTimerFiresAt, reminderShop, waitForEventsHandled } from '../support/reminder-scenario';
import { DAY_MS, days, HOUR_MS, hours, iso } from '../support/time';

const stack = useFreshTimeSkippingStack();

const orderHandle = (shop: { company: { id: string } }, orderId: string) =>
  stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', orderId));

async function orderWithDelayedSend(shop: EngineShop) {
  const rule = await shop.rule({ trigger: { type: 'order.created' }, delay: { value: 1, unit: 'hours' } });
  const order = await shop.createOrder();
  const feed = await shop.waitForOrderFeed(order.id, 'notification.scheduled');
  return { rule, order, scheduledFor: ofType(feed, 'notification.scheduled')[0]!.scheduledFor! };
}

/** The clock never moved: the cancellation came from the rule change, not from the send time. */
function expectCancelledBeforeSendTime(feed: FeedEntry[], ruleId: string, scheduledFor: string) {
  const cancelled = ofType(feed, 'notification.cancelled');
  expect(cancelled).toEqual([expect.objectContaining({ ruleId, reason: 'rule_removed', scheduledFor })]);
  expect(Date.parse(cancelled[0]!.at)).toBeLessThan(Date.parse(scheduledFor));
}

describe('rule changes reach open orders and leads at once (time-skipping server, real activities)', () => {
  test('when a delayed rule is deleted, then its pending send is cancelled as rule_removed at once and nothing goes out at its time', async () => {
    // Arrange
    const shop = await engineShop(stack());
    const { rule, order, scheduledFor } = await orderWithDelayedSend(shop);

    // Act
    await shop.deleteRule(rule.id);
    const feed = await shop.waitForOrderFeed(order.id, 'notification.cancelled');
    const { pending } = await shop.getOrder(order.id);
    await stack().env.sleep('2 hours');
    await waitForEventsHandled(orderHandle(shop, order.id), 2);

    // Assert
    expectCancelledBeforeSendTime(feed, rule.id, scheduledFor);
    expect(pending).toEqual([]);
    expect(await shop.orderOutbox(order.id)).toEqual([]);
    expect(ofType(await shop.orderFeed(order.id), 'notification.cancelled')).toHaveLength(1);
    await recordHistory(orderHandle(shop, order.id), 'order-rule-deleted-announced');
  });

  test('when a delayed rule is disabled, then its pending send is cancelled as rule_removed at once', async () => {
    // Arrange
    const shop = await engineShop(stack());
    const { rule, order, scheduledFor } = await orderWithDelayedSend(shop);

    // Act
    await shop.disableRule(rule.id);
    const feed = await shop.waitForOrderFeed(order.id, 'notification.cancelled');

    // Assert
    expectCancelledBeforeSendTime(feed, rule.id, scheduledFor);
    expect((await shop.getOrder(order.id)).pending).toEqual([]);
  });

  test('when rules are deleted in bulk, then the pending sends of each are cancelled at once and another rule keeps its send', async () => {
    // Arrange
    const shop = await engineShop(stack());
    const first = await shop.rule({ trigger: { type: 'order.created' }, delay: { value: 1, unit: 'hours' } });
    const second = await shop.rule({
      trigger: { type: 'order.created' },
      channel: 'email',
      delay: { value: 2, unit: 'hours' },
    });
    const kept = await shop.rule({
      trigger: { type: 'order.created' },
      channel: 'viber',
      delay: { value: 3, unit: 'hours' },
    });
    const order = await shop.createOrder();
    await shop.waitForOrderFeed(order.id, ...Array(3).fill('notification.scheduled'));

    // Act
    await shop.ok(
      shop.http.post('/v1/notification-rules/bulk', { action: 'delete', ruleIds: [first.id, second.id] }),
    );
    const feed = await shop.waitForOrderFeed(order.id, 'notification.cancelled', 'notification.cancelled');
    const { pending } = await shop.getOrder(order.id);

    // Assert
    expect(
      ofType(feed, 'notification.cancelled')
        .map((e) => [e.ruleId, e.reason])
        .sort(),
    ).toEqual(
      [
        [first.id, 'rule_removed'],
        [second.id, 'rule_removed'],
      ].sort(),
    );
    expect(pending).toEqual([expect.objectContaining({ ruleId: kept.id, channel: 'viber' })]);
  });

  test('when a template is changed in bulk, then open orders keep their pending sends and are not disturbed', async () => {
    // Arrange
    const shop = await engineShop(stack());
    const { rule, order } = await orderWithDelayedSend(shop);
    const other = await shop.template('Order {{order.number}} update');

    // Act
    await shop.ok(
      shop.http.post('/v1/notification-rules/bulk', {
        action: 'set_template',
        ruleIds: [rule.id],
        templateId: other.id,
      }),
    );
    const { rows } = await stack().db.query(
      'SELECT type FROM entity_events WHERE entity_id = $1 ORDER BY seq',
      [order.id],
    );

    // Assert
    expect(rows.map((r) => r.type)).toEqual(['order.created']);
    expect((await shop.getOrder(order.id)).pending).toEqual([
      expect.objectContaining({ ruleId: rule.id, kind: 'notification' }),
    ]);
  });

  test('when a delayed SMS rule is switched to email in bulk, then the pending send shows email at once and goes out by email at its time', async () => {
    // Arrange
    const shop = await engineShop(stack());
    const { rule, order } = await orderWithDelayedSend(shop);

    // Act
    await shop.ok(
      shop.http.post('/v1/notification-rules/bulk', {
        action: 'set_channel',
        ruleIds: [rule.id],
        channel: 'email',
      }),
    );
    const pending = await eventually(async () => {
      const { pending } = await shop.getOrder(order.id);
      return pending?.[0]?.channel === 'email' ? pending : undefined;
    });
    await stack().env.sleep('61 minutes');
    const feed = await shop.waitForOrderFeed(order.id, 'notification.sent');
    const outbox = await shop.orderOutbox(order.id);
    const deliveries = await shop.orderDeliveries(order.id);

    // Assert
    expect(outbox).toEqual([
      expect.objectContaining({ channel: 'email', to: 'olena@example.com', ruleId: rule.id }),
    ]);
    expect(ofType(feed, 'notification.sent')).toEqual([
      expect.objectContaining({ ruleId: rule.id, channel: 'email', to: 'olena@example.com' }),
    ]);
    expect(deliveries).toEqual([
      expect.objectContaining({ ruleId: rule.id, channel: 'email', status: 'sent' }),
    ]);
    expect(pending).toEqual([expect.objectContaining({ ruleId: rule.id, kind: 'notification' })]);
  });

  test('when a delayed lead rule is deleted, then the lead’s pending send is cancelled at once', async () => {
    // Arrange
    const shop = await engineShop(stack());
    const rule = await shop.rule({
      entity: 'lead',
      trigger: { type: 'lead.created' },
      delay: { value: 30, unit: 'minutes' },
    });
    const lead = await shop.ok(
      shop.http.post('/v1/leads', { clientId: shop.client.id, statusId: shop.leadStatuses.new.id }),
    );
    const scheduled = await shop.waitForLeadFeed(lead.id, 'notification.scheduled');

    // Act
    await shop.deleteRule(rule.id);
    const feed = await shop.waitForLeadFeed(lead.id, 'notification.cancelled');

    // Assert
    expectCancelledBeforeSendTime(
      feed,
      rule.id,
      ofType(scheduled, 'notification.scheduled')[0]!.scheduledFor!,
    );
  });
});

describe('reminder rule changes reach open orders at once (time-skipping server, real activities)', () => {
  test('when a reminder rule is created while an order is open, then the order gets its reminder at once and the timer is armed for it', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    const dueDate = iso((await shop.now()) + 3 * DAY_MS);
    const order = await shop.createOrder({ dueDate });
    await waitForEventsHandled(shop.handle(order.id), 1);

    // Act
    const rule = await shop.reminderRule(days(1));
    const feed = await shop.waitForFeed(order.id, 'reminder.scheduled');
    const { pending } = await shop.getOrder(order.id);

    // Assert
    const expected = iso(Date.parse(dueDate) - DAY_MS);
    expect(ofType(feed, 'reminder.scheduled')).toEqual([
      expect.objectContaining({ ruleId: rule.id, channel: 'sms', scheduledFor: expected }),
    ]);
    expect(pending).toEqual([
      expect.objectContaining({ kind: 'reminder', ruleId: rule.id, scheduledFor: expected }),
    ]);
    // The timer is armed from the workflow's clock, a few milliseconds before the server stamps it.
    const timer = await armedTimerFiresAt(shop.handle(order.id));
    expect(Math.abs(Date.parse(timer) - Date.parse(expected))).toBeLessThan(5_000);
    await recordHistory(shop.handle(order.id), 'order-reminder-rule-created-announced');
  });

  test('when a reminder rule’s lead time changes, then the pending reminder moves at once', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    const rule = await shop.reminderRule(days(1));
    const dueDate = iso((await shop.now()) + 3 * DAY_MS);
    const order = await shop.createOrder({ dueDate });
    await shop.waitForFeed(order.id, 'reminder.scheduled');

    // Act
    await shop.changeRule(rule.id, { remindBefore: hours(2) });
    const feed = await shop.waitForFeed(order.id, 'reminder.rescheduled');
    const { pending } = await shop.getOrder(order.id);

    // Assert
    const moved = iso(Date.parse(dueDate) - 2 * HOUR_MS);
    expect(ofType(feed, 'reminder.rescheduled')).toEqual([
      expect.objectContaining({
        ruleId: rule.id,
        scheduledFor: moved,
        previousScheduledFor: iso(Date.parse(dueDate) - DAY_MS),
      }),
    ]);
    expect(pending).toEqual([expect.objectContaining({ ruleId: rule.id, scheduledFor: moved })]);
  });

  test('when a reminder rule is disabled, then its reminder is cancelled as rule_removed at once and the other stays', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    const rule = await shop.reminderRule(days(1));
    const kept = await shop.reminderRule(hours(2), 'email');
    const order = await shop.createOrder({ dueDate: iso((await shop.now()) + 2 * DAY_MS) });
    await shop.waitForFeed(order.id, 'reminder.scheduled', 'reminder.scheduled');

    // Act
    await shop.disableRule(rule.id);
    const feed = await shop.waitForFeed(order.id, 'reminder.cancelled');
    const { pending } = await shop.getOrder(order.id);

    // Assert
    expect(ofType(feed, 'reminder.cancelled')).toEqual([
      expect.objectContaining({ ruleId: rule.id, reason: 'rule_removed' }),
    ]);
    expect(pending).toEqual([expect.objectContaining({ ruleId: kept.id })]);
  });

  test('when a reminder rule is copied to every location, then an open order at another location gets its reminder', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    const rule = await shop.reminderRule(days(1));
    const branch = await shop.ok(
      shop.http.post('/v1/locations', { name: 'Branch', timezone: 'Europe/Kyiv', workingHours: {} }),
    );
    const dueDate = iso((await shop.now()) + 3 * DAY_MS);
    const order = await shop.ok(
      shop.http.post('/v1/orders', {
        clientId: shop.client.id,
        locationId: branch.id,
        statusId: shop.statuses.received.id,
        dueDate,
      }),
    );
    await waitForEventsHandled(shop.handle(order.id), 1);

    // Act
    const copy = await shop.ok(
      shop.http.post('/v1/notification-rules/bulk', { action: 'copy_to_all_locations', ruleIds: [rule.id] }),
    );
    const feed = await shop.waitForFeed(order.id, 'reminder.scheduled');

    // Assert
    expect(copy.rules).toEqual([expect.objectContaining({ locationId: branch.id })]);
    expect(ofType(feed, 'reminder.scheduled')).toEqual([
      expect.objectContaining({ ruleId: copy.rules[0].id, scheduledFor: iso(Date.parse(dueDate) - DAY_MS) }),
    ]);
  });
});
