import { useSharedE2EStack } from '../support/e2e-stack';
import { engineShop } from '../support/engine-scenario';
import { ofType } from '../support/feed';
import { DAY_MS, iso } from '../support/time';

const stack = useSharedE2EStack({ timeSkipping: true });

interface SimulatedSend {
  kind: string;
  ruleId: string;
  channel: string;
  to: string;
  scheduledFor: string;
  subject: string | null;
  body: string;
}

describe('simulate, then the real change (time-skipping server, real worker and activities)', () => {
  test('when a change is simulated and then made, then the engine sends exactly what simulate said and cancels what it said', async () => {
    // Arrange: an order in repair with a delayed "in repair" message pending and a reminder for its due date.
    const shop = await engineShop(stack());
    const { statuses, http, ok } = shop;
    const emailTemplate = await shop.template(
      'Order {{order.number}} is {{order.status}}, due {{order.dueDate}}.',
      'Order {{order.number}}',
    );
    const inRepair = await shop.rule({
      trigger: { type: 'order.status_changed_to', statusId: statuses.inRepair.id },
      delay: { value: 3, unit: 'hours' },
    });
    const readySms = await shop.rule({
      trigger: { type: 'order.status_changed_to', statusId: statuses.ready.id },
    });
    const readyEmail = await shop.rule({
      trigger: { type: 'order.status_changed_to', statusId: statuses.ready.id },
      channel: 'email',
      templateId: emailTemplate.id,
      delay: { value: 2, unit: 'hours' },
    });
    const reminder = await ok(
      http.post('/v1/notification-rules', {
        entity: 'order',
        kind: 'reminder',
        locationId: shop.location.id,
        trigger: null,
        channel: 'sms',
        templateId: shop.defaultTemplate.id,
        remindBefore: { value: 1, unit: 'days' },
      }),
    );
    const now = await stack().env.currentTimeMs();
    const firstDue = iso(Math.ceil((now + 3 * DAY_MS) / 60_000) * 60_000);
    const newDue = iso(Date.parse(firstDue) + DAY_MS);
    const order = await shop.createOrder({ number: 'S-1', dueDate: firstDue });
    await shop.waitForOrderFeed(order.id, 'reminder.scheduled');
    await shop.patchOrder(order.id, { statusId: statuses.inRepair.id });
    await shop.waitForOrderFeed(order.id, 'notification.scheduled');

    // Act
    const simulated = await ok(
      http.post(`/v1/orders/${order.id}/simulate`, { statusId: statuses.ready.id, dueDate: newDue }),
    );
    const feedBefore = await shop.orderFeed(order.id);
    const outboxBefore = await shop.orderOutbox(order.id);
    await shop.patchOrder(order.id, { statusId: statuses.ready.id, dueDate: newDue });
    await shop.waitForOrderFeed(
      order.id,
      'notification.cancelled',
      'notification.sent',
      'reminder.rescheduled',
    );
    await stack().env.sleep('121 minutes');
    await shop.waitForOrderFeed(order.id, 'notification.sent', 'notification.sent');
    await stack().env.sleep(Date.parse(newDue) - DAY_MS - (await stack().env.currentTimeMs()) + 60_000);
    const feed = await shop.waitForOrderFeed(
      order.id,
      'notification.sent',
      'notification.sent',
      'reminder.sent',
    );
    const outbox = await shop.orderOutbox(order.id);

    // Assert: simulate changed nothing.
    expect(feedBefore.length).toBe(4); // created, reminder scheduled, status changed, notification scheduled
    expect(outboxBefore).toEqual([]);
    // Assert: the three sends it announced, as they then went out.
    const sends: SimulatedSend[] = simulated.sends;
    expect(sends.map((s) => [s.kind, s.ruleId, s.channel])).toEqual([
      ['notification', readySms.id, 'sms'],
      ['notification', readyEmail.id, 'email'],
      ['reminder', reminder.id, 'sms'],
    ]);
    expect(outbox).toHaveLength(3);
    for (const send of sends) {
      const message = outbox.find((m) => m.ruleId === send.ruleId);
      expect({
        channel: message?.channel,
        to: message?.to,
        subject: message?.subject,
        body: message?.body,
      }).toEqual({
        channel: send.channel,
        to: send.to,
        subject: send.subject,
        body: send.body,
      });
      const sent = feed.find((e) => e.type === `${send.kind}.sent` && e.ruleId === send.ruleId)!;
      // Notifications count from the moment of the change (a moment after the simulation); reminders from the due date.
      const drift = Math.abs(Date.parse(sent.scheduledFor!) - Date.parse(send.scheduledFor));
      if (send.kind === 'reminder') expect(sent.scheduledFor).toBe(send.scheduledFor);
      else expect(drift).toBeLessThan(10_000);
    }
    // Assert: the pending send it said would be cancelled was cancelled, for the reason it gave.
    expect(simulated.cancelled).toEqual([
      expect.objectContaining({ ruleId: inRepair.id, kind: 'notification', reason: 'stale_status' }),
    ]);
    expect(ofType(feed, 'notification.cancelled')).toEqual([
      expect.objectContaining({
        ruleId: inRepair.id,
        reason: 'stale_status',
        scheduledFor: simulated.cancelled[0].scheduledFor,
      }),
    ]);
    expect(simulated.skipped).toEqual([]);
  });

  test('when the client has a language the template has, then the real send uses it, with dates in that language', async () => {
    // Arrange
    const shop = await engineShop(stack());
    const { http, ok } = shop;
    await ok(http.patch(`/v1/clients/${shop.client.id}`, { language: 'de-AT' }));
    const template = await ok(
      http.post('/v1/templates', {
        name: 'Created',
        body: 'Order {{order.number}}, due {{order.dueDate}}',
        translations: { de: { body: 'Auftrag {{order.number}}, fällig {{order.dueDate}}' } },
      }),
    );
    await shop.rule({ trigger: { type: 'order.created' }, templateId: template.id });

    // Act
    const order = await shop.createOrder({ number: 'DE-1', dueDate: '2030-03-14T10:00:00Z' });
    await shop.waitForOrderFeed(order.id, 'notification.sent');

    // Assert
    expect((await shop.orderOutbox(order.id)).map((m) => m.body)).toEqual([
      'Auftrag DE-1, fällig 14.03.2030, 12:00',
    ]);
  });
});
