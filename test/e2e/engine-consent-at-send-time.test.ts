import { workflowIdFor } from '../../src/workflows/definitions';
import { useSharedE2EStack } from '../support/e2e-stack';
import { engineShop } from '../support/engine-scenario';
import { ofType, types } from '../support/feed';
import { recordHistory } from '../support/histories';

const stack = useSharedE2EStack({ timeSkipping: true });

describe('consent checked at send time (time-skipping server, real activities)', () => {
  test('when the client revokes SMS consent during the delay, then the send is skipped as no_consent and nothing is sent', async () => {
    // Arrange
    const shop = await engineShop(stack());
    const rule = await shop.rule({
      trigger: { type: 'order.created' },
      delay: { value: 30, unit: 'minutes' },
    });
    const order = await shop.createOrder();
    await shop.waitForOrderFeed(order.id, 'notification.scheduled');

    // Act
    await shop.ok(shop.http.patch(`/v1/clients/${shop.client.id}`, { consent: { sms: false } }));
    await stack().env.sleep('31 minutes');
    const feed = await shop.waitForOrderFeed(order.id, 'notification.skipped');

    // Assert
    expect(types(feed)).toEqual(['order.created', 'notification.scheduled', 'notification.skipped']);
    expect(ofType(feed, 'notification.skipped')).toEqual([
      expect.objectContaining({ ruleId: rule.id, channel: 'sms', reason: 'no_consent', deliveryId: null }),
    ]);
    expect(await shop.orderOutbox(order.id)).toEqual([]);
    expect(await shop.orderDeliveries(order.id)).toEqual([]);
    await recordHistory(
      stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id)),
      'order-consent-revoked-real-activities',
    );
  });
});
