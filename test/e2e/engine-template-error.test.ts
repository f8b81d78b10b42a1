import type { ChannelProvider, OutgoingMessage } from '../../src/providers/provider';
import { workflowIdFor } from '../../src/workflows/definitions';
import { useSharedE2EStack } from '../support/e2e-stack';
import { engineShop } from '../support/engine-scenario';
import { ofType } from '../support/feed';

/** The attempt numbers of the workflow's send activities: [1] when it ran once and was not retried. */
async function sendAttempts(companyId: string, orderId: string): Promise<number[]> {
  const handle = stack().env.client.workflow.getHandle(workflowIdFor(companyId, 'order', orderId));
  const events = (await handle.fetchHistory()).events ?? [];
  const sends = new Set(
    events
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendMessage')
      .map((e) => String(e.eventId)),
  );
  return events
    .filter((e) => sends.has(String(e.activityTaskStartedEventAttributes?.scheduledEventId)))
    .map((e) => e.activityTaskStartedEventAttributes!.attempt ?? 1);
}

/** Every message a provider was asked to send. */
const providerCalls: OutgoingMessage[] = [];
const stack = useSharedE2EStack({
  timeSkipping: true,
  providers: (outbox) => {
    const counting: ChannelProvider = {
      name: outbox.name,
      send: (msg) => {
        providerCalls.push(msg);
        return outbox.send(msg);
      },
    };
    return { sms: counting, email: counting };
  },
});

describe('a template over a limit at send time (time-skipping server, real activities)', () => {
  beforeEach(() => {
    providerCalls.length = 0;
  });

  test('when an SMS renders longer than 1,600 characters, then the send fails with template_error at once, with no provider call', async () => {
    // Arrange: 201 × "Olena" with its order number is far over an SMS, though well within what a save allows
    const shop = await engineShop(stack());
    const long = await shop.template(
      '{% for i in (1..201) %}{{ client.name }} {{ order.number }} {% endfor %}',
    );
    const rule = await shop.rule({ trigger: { type: 'order.created' }, templateId: long.id });

    // Act
    const order = await shop.createOrder();
    const feed = await shop.waitForOrderFeed(order.id, 'notification.failed');

    // Assert
    expect(ofType(feed, 'notification.failed')).toEqual([
      expect.objectContaining({
        ruleId: rule.id,
        channel: 'sms',
        reason: 'template_error',
        deliveryId: null,
      }),
    ]);
    expect(providerCalls).toEqual([]);
    expect(await shop.orderOutbox(order.id)).toEqual([]);
    expect(await shop.orderDeliveries(order.id)).toEqual([]);
    expect(await sendAttempts(shop.company.id, order.id)).toEqual([1]);
  });

  test("when an email render runs past 1 s with the client's real name, then it fails with template_error and is not retried", async () => {
    // Arrange: three loops over the name's length: 8³ steps for the sample data, 200³ for this client
    const shop = await engineShop(stack());
    const n = '{% assign n = client.name | size %}';
    const slow = await shop.template(
      `${n}{% for i in (1..n) %}{% for j in (1..n) %}{% for k in (1..n) %}{% endfor %}{% endfor %}{% endfor %}Hi`,
      'Your order',
    );
    const rule = await shop.rule({
      trigger: { type: 'order.created' },
      channel: 'email',
      templateId: slow.id,
    });
    await shop.ok(shop.http.patch(`/v1/clients/${shop.client.id}`, { name: 'O'.repeat(200) }));

    // Act
    const order = await shop.createOrder();
    const feed = await shop.waitForOrderFeed(order.id, 'notification.failed');

    // Assert
    expect(ofType(feed, 'notification.failed')).toEqual([
      expect.objectContaining({ ruleId: rule.id, channel: 'email', reason: 'template_error' }),
    ]);
    expect(providerCalls).toEqual([]);
    expect(await shop.orderDeliveries(order.id)).toEqual([]);
    expect(await sendAttempts(shop.company.id, order.id)).toEqual([1]);
  });
});
