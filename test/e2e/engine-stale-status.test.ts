import { workflowIdFor } from '../../src/workflows/definitions';
import { useSharedE2EStack } from '../support/e2e-stack';
import { engineShop } from '../support/engine-scenario';
import { ofType, types } from '../support/feed';
import { recordHistory } from '../support/histories';
import { scheduledActivities } from '../support/workflow-history';

const stack = useSharedE2EStack({ timeSkipping: true });

describe('stale status (time-skipping server, real activities)', () => {
  test('when the order leaves the status a delayed status_changed_to send waits for, then it is cancelled at once as stale_status and never sent', async () => {
    // Arrange
    const shop = await engineShop(stack());
    const rule = await shop.rule({
      trigger: { type: 'order.status_changed_to', statusId: shop.statuses.ready.id },
      delay: { value: 1, unit: 'hours' },
    });
    const order = await shop.createOrder();
    await shop.patchOrder(order.id, { statusId: shop.statuses.ready.id });
    const scheduled = ofType(
      await shop.waitForOrderFeed(order.id, 'notification.scheduled'),
      'notification.scheduled',
    );

    // Act: no time passes before the cancellation shows.
    await shop.patchOrder(order.id, { statusId: shop.statuses.inRepair.id });
    const feed = await shop.waitForOrderFeed(order.id, 'notification.cancelled');
    const pending = (await shop.getOrder(order.id)).pending;
    await stack().env.sleep('2 hours');

    // Assert
    expect(types(feed)).toEqual([
      'order.created',
      'order.status_changed',
      'notification.scheduled',
      'order.status_changed',
      'notification.cancelled',
    ]);
    expect(ofType(feed, 'notification.cancelled')).toEqual([
      expect.objectContaining({
        ruleId: rule.id,
        channel: 'sms',
        reason: 'stale_status',
        scheduledFor: scheduled[0]!.scheduledFor,
      }),
    ]);
    expect(pending).toEqual([]);
    expect(await shop.orderOutbox(order.id)).toEqual([]);
    const handle = stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id));
    expect(await scheduledActivities(handle, 'sendMessage')).toEqual([]);
    await recordHistory(handle, 'order-stale-status-local-activities');
  });
});
