import { eventually, useSharedE2EStack } from '../support/e2e-stack';
import { shopScenario } from '../support/scenario';

const stack = useSharedE2EStack();

describe('order notifications end to end (dev outbox)', () => {
  test('when an order is created with an order.created rule, then the feed shows it sent and the outbox holds the message', async () => {
    // Arrange
    const shop = await shopScenario(stack().app, stack().db);
    await shop.orderCreatedRule('sms');

    // Act
    const order = await shop.createOrder({ number: 'A-100' });

    // Assert
    const outbox = await eventually(async () => {
      const body = await shop.ok(shop.http.get(`/v1/outbox?orderId=${order.id}`));
      return body.messages.length > 0 ? body.messages : undefined;
    });
    expect(outbox).toEqual([
      expect.objectContaining({
        channel: 'sms',
        to: '+380501234567',
        body: 'Hi Olena, order A-100 is Received at Main Street.',
        orderId: order.id,
      }),
    ]);
    // The provider accepts before the acceptance is recorded (and the feed written) by its own activity.
    const feed = await eventually(async () => {
      const body = await shop.ok(shop.http.get(`/v1/orders/${order.id}/feed`));
      return body.entries.length >= 2 ? body : undefined;
    });
    expect(feed.entries.map((e: { type: string }) => e.type)).toEqual(['order.created', 'notification.sent']);
    expect(feed.entries[1]).toMatchObject({ channel: 'sms', to: '+380501234567', reason: null });
  });
});
