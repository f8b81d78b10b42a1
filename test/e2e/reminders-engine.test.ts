import { createEngineActivities } from '../../src/activities';
import { DevOutboxProvider } from '../../src/providers/dev-outbox';
import { workflowIdFor } from '../../src/workflows/definitions';
import { eventually, useFreshTimeSkippingStack } from '../support/e2e-stack';
import { ofType, types } from '../support/feed';
import { recordHistory } from '../support/histories';
import {
  armedTimerFiresAt,
  sendCalls,
  reminderEntries,
  reminderShop,
  waitForEventsHandled,
  waitUntilSettled,
} from '../support/reminder-scenario';
import { DAY_MS, days, HOUR_MS, hours, iso } from '../support/time';

const stack = useFreshTimeSkippingStack();

describe('reminders on the time-skipping server (real worker, activities, API and PostgreSQL)', () => {
  test('when an order has a due date and two reminder rules, then both are scheduled, listed as pending with the timer on the earliest, and each is sent once at its time', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    const daily = await shop.reminderRule(days(1));
    const hourly = await shop.reminderRule(hours(2), 'email');
    const dueDate = iso((await shop.now()) + 3 * DAY_MS);

    // Act
    const order = await shop.createOrder({ dueDate, number: 'R-1' });
    const scheduled = await shop.waitForFeed(order.id, 'reminder.scheduled', 'reminder.scheduled');
    const { pending } = await shop.getOrder(order.id);
    const timer = await armedTimerFiresAt(shop.handle(order.id));

    // Assert: scheduled, pending, and the armed timer is the earliest send.
    const dayBefore = iso(Date.parse(dueDate) - DAY_MS);
    const twoHoursBefore = iso(Date.parse(dueDate) - 2 * HOUR_MS);
    expect(types(scheduled)).toEqual(['order.created', 'reminder.scheduled', 'reminder.scheduled']);
    expect(ofType(scheduled, 'reminder.scheduled')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: daily.id, channel: 'sms', scheduledFor: dayBefore, reason: null }),
        expect.objectContaining({ ruleId: hourly.id, channel: 'email', scheduledFor: twoHoursBefore }),
      ]),
    );
    expect(pending).toEqual([
      { kind: 'reminder', ruleId: daily.id, channel: 'sms', scheduledFor: dayBefore, deferred: false },
      {
        kind: 'reminder',
        ruleId: hourly.id,
        channel: 'email',
        scheduledFor: twoHoursBefore,
        deferred: false,
      },
    ]);
    expect(Math.abs(Date.parse(timer!) - Date.parse(dayBefore))).toBeLessThan(5_000);

    // Act: to just before the first reminder, then past it, then past the second.
    await stack().env.sleep(Date.parse(dayBefore) - (await shop.now()) - 10 * 60_000);
    await waitUntilSettled(shop.handle(order.id));
    const beforeFirst = await shop.outbox(order.id);
    await stack().env.sleep('11 minutes');
    const afterFirst = await shop.waitForFeed(order.id, 'reminder.sent');
    const timerAfterFirst = await armedTimerFiresAt(shop.handle(order.id));
    await stack().env.sleep('23 hours');
    const feed = await shop.waitForFeed(order.id, 'reminder.sent', 'reminder.sent');

    // Assert
    expect(beforeFirst).toEqual([]);
    expect(ofType(afterFirst, 'reminder.sent')).toEqual([
      expect.objectContaining({
        ruleId: daily.id,
        channel: 'sms',
        to: '+380501234567',
        scheduledFor: dayBefore,
      }),
    ]);
    expect(Math.abs(Date.parse(timerAfterFirst!) - Date.parse(twoHoursBefore))).toBeLessThan(5_000);
    expect(ofType(feed, 'reminder.sent').map((e) => [e.ruleId, e.channel])).toEqual([
      [daily.id, 'sms'],
      [hourly.id, 'email'],
    ]);
    const outbox = await shop.outbox(order.id);
    expect(outbox.map((m: { channel: string; body: string }) => m.channel)).toEqual(['sms', 'email']);
    expect(outbox[0].body).toMatch(/^Reminder: order R-1 is due .+ at Main Street\.$/);
    expect((await shop.getOrder(order.id)).pending).toEqual([]);
    await recordHistory(shop.handle(order.id), 'order-reminders-sent');
  });

  test('when an order has a delayed notification and reminders, then GET /v1/orders/{id} lists each pending send with rule, channel and time, earliest first', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    const notification = await shop.delayedCreatedRule(hours(1));
    const reminder = await shop.reminderRule(days(1), 'whatsapp');
    const dueDate = iso((await shop.now()) + 2 * DAY_MS);

    // Act
    const order = await shop.createOrder({ dueDate });
    const feed = await shop.waitForFeed(order.id, 'notification.scheduled', 'reminder.scheduled');
    const { pending } = await shop.getOrder(order.id);
    const timer = await armedTimerFiresAt(shop.handle(order.id));

    // Assert
    const notificationAt = ofType(feed, 'notification.scheduled')[0]!.scheduledFor!;
    expect(pending).toEqual([
      {
        kind: 'notification',
        ruleId: notification.id,
        channel: 'viber',
        scheduledFor: notificationAt,
        deferred: false,
      },
      {
        kind: 'reminder',
        ruleId: reminder.id,
        channel: 'whatsapp',
        scheduledFor: iso(Date.parse(dueDate) - DAY_MS),
        deferred: false,
      },
    ]);
    expect(Math.abs(Date.parse(timer!) - Date.parse(notificationAt))).toBeLessThan(5_000);
  });

  test('when the due date moves earlier, then the reminder is rescheduled (old time in previousScheduledFor) and sent at the new time', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    const rule = await shop.reminderRule(days(1));
    const start = await shop.now();
    const dueDate = iso(start + 4 * DAY_MS);
    const earlier = iso(start + 2 * DAY_MS);
    const order = await shop.createOrder({ dueDate });
    await shop.waitForFeed(order.id, 'reminder.scheduled');

    // Act
    await shop.patchOrder(order.id, { dueDate: earlier });
    const feed = await shop.waitForFeed(order.id, 'reminder.rescheduled');
    const { pending } = await shop.getOrder(order.id);
    await stack().env.sleep('1 day');
    const sent = await shop.waitForFeed(order.id, 'reminder.sent');

    // Assert
    expect(ofType(feed, 'reminder.rescheduled')).toEqual([
      expect.objectContaining({
        ruleId: rule.id,
        channel: 'sms',
        scheduledFor: iso(start + DAY_MS),
        previousScheduledFor: iso(start + 3 * DAY_MS),
      }),
    ]);
    expect(pending).toEqual([
      expect.objectContaining({ ruleId: rule.id, scheduledFor: iso(start + DAY_MS) }),
    ]);
    expect(types(reminderEntries(sent))).toEqual([
      'reminder.scheduled',
      'reminder.rescheduled',
      'reminder.sent',
    ]);
    expect(await shop.outbox(order.id)).toHaveLength(1);
    await recordHistory(shop.handle(order.id), 'order-reminder-moved-earlier');
  });

  test('when the due date moves later before the reminder, then nothing goes out at the old time and it is sent at the new one', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    await shop.reminderRule(days(1));
    const start = await shop.now();
    const order = await shop.createOrder({ dueDate: iso(start + 2 * DAY_MS) });
    await shop.waitForFeed(order.id, 'reminder.scheduled');

    // Act
    await shop.patchOrder(order.id, { dueDate: iso(start + 5 * DAY_MS) });
    await shop.waitForFeed(order.id, 'reminder.rescheduled');
    await stack().env.sleep('2 days');
    await waitUntilSettled(shop.handle(order.id));
    const atOldTime = await shop.outbox(order.id);
    await stack().env.sleep('2 days');
    const feed = await shop.waitForFeed(order.id, 'reminder.sent');

    // Assert
    expect(atOldTime).toEqual([]);
    expect(ofType(feed, 'reminder.sent')).toEqual([
      expect.objectContaining({ scheduledFor: iso(start + 4 * DAY_MS) }),
    ]);
    expect(await shop.outbox(order.id)).toHaveLength(1);
  });

  test('when the due date moves later after the reminder was sent, then the reminder is re-armed for the new date and sent again', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    const rule = await shop.reminderRule(days(1));
    const start = await shop.now();
    const order = await shop.createOrder({ dueDate: iso(start + 2 * DAY_MS) });
    await shop.waitForFeed(order.id, 'reminder.scheduled');
    await stack().env.sleep('25 hours');
    await shop.waitForFeed(order.id, 'reminder.sent');

    // Act
    await shop.patchOrder(order.id, { dueDate: iso(start + 6 * DAY_MS) });
    const rearmed = await shop.waitForFeed(
      order.id,
      'reminder.sent',
      'reminder.scheduled',
      'reminder.scheduled',
    );
    const { pending } = await shop.getOrder(order.id);
    await stack().env.sleep('4 days');
    const feed = await shop.waitForFeed(order.id, 'reminder.sent', 'reminder.sent');

    // Assert
    expect(ofType(rearmed, 'reminder.scheduled')[1]).toMatchObject({
      ruleId: rule.id,
      scheduledFor: iso(start + 5 * DAY_MS),
    });
    expect(pending).toEqual([expect.objectContaining({ scheduledFor: iso(start + 5 * DAY_MS) })]);
    expect(types(reminderEntries(feed))).toEqual([
      'reminder.scheduled',
      'reminder.sent',
      'reminder.scheduled',
      'reminder.sent',
    ]);
    expect(await shop.outbox(order.id)).toHaveLength(2);
    await recordHistory(shop.handle(order.id), 'order-reminder-rearmed-after-sent');
  });

  test('when the due date is cleared, then the reminder is cancelled with due_date_cleared at once and never sent', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    const rule = await shop.reminderRule(days(1));
    const order = await shop.createOrder({ dueDate: iso((await shop.now()) + 2 * DAY_MS) });
    await shop.waitForFeed(order.id, 'reminder.scheduled');

    // Act
    await shop.patchOrder(order.id, { dueDate: null });
    const feed = await shop.waitForFeed(order.id, 'reminder.cancelled');
    const { pending } = await shop.getOrder(order.id);
    await stack().env.sleep('3 days');
    await waitUntilSettled(shop.handle(order.id));

    // Assert
    expect(ofType(feed, 'reminder.cancelled')).toEqual([
      expect.objectContaining({ ruleId: rule.id, reason: 'due_date_cleared' }),
    ]);
    expect(pending).toEqual([]);
    expect(await shop.outbox(order.id)).toEqual([]);
    expect(types(reminderEntries(await shop.feed(order.id)))).toEqual([
      'reminder.scheduled',
      'reminder.cancelled',
    ]);
    await recordHistory(shop.handle(order.id), 'order-reminder-due-date-cleared');
  });

  test('when the order reaches a final status, then its reminders are cancelled with order_closed and never sent', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    await shop.reminderRule(days(1));
    await shop.reminderRule(hours(3), 'email');
    const order = await shop.createOrder({ dueDate: iso((await shop.now()) + 2 * DAY_MS) });
    await shop.waitForFeed(order.id, 'reminder.scheduled', 'reminder.scheduled');

    // Act
    await shop.patchOrder(order.id, { statusId: shop.statuses.closed.id });
    const feed = await shop.waitForFeed(order.id, 'reminder.cancelled', 'reminder.cancelled');
    await stack().env.sleep('3 days');
    await waitUntilSettled(shop.handle(order.id));

    // Assert
    expect(ofType(feed, 'reminder.cancelled').map((e) => e.reason)).toEqual(['order_closed', 'order_closed']);
    expect((await shop.getOrder(order.id)).pending).toEqual([]);
    expect(await shop.outbox(order.id)).toEqual([]);
  });

  test('when the reminder rule is deleted, then the reminder is cancelled with rule_removed at once and nothing is sent at its time', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    const rule = await shop.reminderRule(days(1));
    const order = await shop.createOrder({ dueDate: iso((await shop.now()) + 2 * DAY_MS) });
    await shop.waitForFeed(order.id, 'reminder.scheduled');

    // Act
    await shop.deleteRule(rule.id);
    const feed = await shop.waitForFeed(order.id, 'reminder.cancelled');
    const { pending } = await shop.getOrder(order.id);
    await stack().env.sleep('25 hours');
    await waitForEventsHandled(shop.handle(order.id), 2);

    // Assert
    const cancelled = ofType(feed, 'reminder.cancelled');
    expect(cancelled).toEqual([expect.objectContaining({ ruleId: rule.id, reason: 'rule_removed' })]);
    expect(Date.parse(cancelled[0]!.at)).toBeLessThan(Date.parse(cancelled[0]!.scheduledFor!));
    expect(pending).toEqual([]);
    expect(await shop.outbox(order.id)).toEqual([]);
    await recordHistory(shop.handle(order.id), 'order-reminder-rule-deleted-announced');
  });

  test('when the reminder rule is deleted and the workflow has not heard of it yet, then at send time the reminder is cancelled with rule_removed and nothing is sent', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    const rule = await shop.reminderRule(days(1));
    const order = await shop.createOrder({ dueDate: iso((await shop.now()) + 2 * DAY_MS) });
    await shop.waitForFeed(order.id, 'reminder.scheduled');

    // Act
    await shop.deleteRuleUnannounced(rule.id);
    await stack().env.sleep('25 hours');
    const feed = await shop.waitForFeed(order.id, 'reminder.cancelled');

    // Assert
    expect(ofType(feed, 'reminder.cancelled')).toEqual([
      expect.objectContaining({ ruleId: rule.id, reason: 'rule_removed' }),
    ]);
    expect(await shop.outbox(order.id)).toEqual([]);
    expect((await shop.getOrder(order.id)).pending).toEqual([]);
    await recordHistory(shop.handle(order.id), 'order-reminder-rule-deleted');
  });

  test('when the reminder rule is disabled unheard of and the order then changes, then the reminder is cancelled with rule_removed at that event', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    const rule = await shop.reminderRule(days(1));
    const kept = await shop.reminderRule(hours(2), 'email');
    const order = await shop.createOrder({ dueDate: iso((await shop.now()) + 2 * DAY_MS) });
    await shop.waitForFeed(order.id, 'reminder.scheduled', 'reminder.scheduled');

    // Act
    await shop.disableRuleUnannounced(rule.id);
    await shop.patchOrder(order.id, { statusId: shop.statuses.ready.id });
    const feed = await shop.waitForFeed(order.id, 'order.status_changed', 'reminder.cancelled');
    const { pending } = await shop.getOrder(order.id);

    // Assert
    expect(ofType(feed, 'reminder.cancelled')).toEqual([
      expect.objectContaining({ ruleId: rule.id, reason: 'rule_removed' }),
    ]);
    expect(pending).toEqual([expect.objectContaining({ ruleId: kept.id })]);
  });

  test('when the reminder time has already passed, then it is skipped with reminder_time_passed and nothing is pending or sent', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    const rule = await shop.reminderRule(days(1));

    // Act
    const order = await shop.createOrder({ dueDate: iso((await shop.now()) + 3 * HOUR_MS) });
    const feed = await shop.waitForFeed(order.id, 'reminder.skipped');

    // Assert
    expect(ofType(feed, 'reminder.skipped')).toEqual([
      expect.objectContaining({ ruleId: rule.id, channel: 'sms', reason: 'reminder_time_passed' }),
    ]);
    expect((await shop.getOrder(order.id)).pending).toEqual([]);
    expect(await shop.outbox(order.id)).toEqual([]);
    await recordHistory(shop.handle(order.id), 'order-reminder-time-passed');
  });

  test('when sms consent is revoked before the reminder time, then at send time it is skipped with no_consent', async () => {
    // Arrange
    const shop = await reminderShop(stack());
    await shop.reminderRule(days(1));
    const order = await shop.createOrder({ dueDate: iso((await shop.now()) + 2 * DAY_MS) });
    await shop.waitForFeed(order.id, 'reminder.scheduled');

    // Act
    await shop.ok(shop.http.patch(`/v1/clients/${shop.client.id}`, { consent: { sms: false } }));
    await stack().env.sleep('25 hours');
    const feed = await shop.waitForFeed(order.id, 'reminder.skipped');

    // Assert
    expect(ofType(feed, 'reminder.skipped')).toEqual([expect.objectContaining({ reason: 'no_consent' })]);
    expect(await shop.outbox(order.id)).toEqual([]);
  });

  test('when the send of a reminder is attempted again (a retried activity), then it is not sent twice', async () => {
    // Arrange: a reminder sent by the workflow.
    const shop = await reminderShop(stack());
    await shop.reminderRule(days(1));
    const order = await shop.createOrder({ dueDate: iso((await shop.now()) + 2 * DAY_MS) });
    await shop.waitForFeed(order.id, 'reminder.scheduled');
    await stack().env.sleep('25 hours');
    const sentFeed = await shop.waitForFeed(order.id, 'reminder.sent');
    const [call] = await sendCalls(shop.handle(order.id));
    const outbox = new DevOutboxProvider(stack().db);
    const activities = createEngineActivities({
      db: stack().db,
      providers: { sms: outbox, whatsapp: outbox, viber: outbox, email: outbox },
    });

    // Act
    const again = await activities.deliver({
      companyId: shop.company.id,
      entity: 'order',
      entityId: order.id,
      workflowId: workflowIdFor(shop.company.id, 'order', order.id),
      send: call!.send,
    });

    // Assert
    expect(again).toEqual({ outcome: 'sent', deliveryId: ofType(sentFeed, 'reminder.sent')[0]!.deliveryId });
    expect(await shop.outbox(order.id)).toHaveLength(1);
    expect(ofType(await shop.feed(order.id), 'reminder.sent')).toHaveLength(1);
  });

  test('when the workflow completed while idle after the reminder went out and the order changes later, then the new run does not report that reminder as skipped', async () => {
    // Arrange: the reminder is sent, then 30 idle days let the run complete.
    const shop = await reminderShop(stack());
    await shop.reminderRule(days(1));
    const order = await shop.createOrder({ dueDate: iso((await shop.now()) + 2 * DAY_MS) });
    await shop.waitForFeed(order.id, 'reminder.scheduled');
    await stack().env.sleep('25 hours');
    await shop.waitForFeed(order.id, 'reminder.sent');
    const firstRun = (await shop.handle(order.id).describe()).runId;
    await stack().env.sleep('31 days');
    await eventually(async () =>
      (await shop.handle(order.id).describe()).status.name === 'COMPLETED' ? true : undefined,
    );

    // Act
    await shop.patchOrder(order.id, { statusId: shop.statuses.ready.id });
    await eventually(async () => {
      const d = await shop.handle(order.id).describe();
      return d.runId !== firstRun ? true : undefined;
    });
    await waitForEventsHandled(shop.handle(order.id), 1);

    // Assert
    expect(types(reminderEntries(await shop.feed(order.id)))).toEqual([
      'reminder.scheduled',
      'reminder.sent',
    ]);
    expect((await shop.getOrder(order.id)).pending).toEqual([]);
    expect(await shop.outbox(order.id)).toHaveLength(1);
  });
});
