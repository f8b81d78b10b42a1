/** Debounce on status rules (SPEC 9), on the time-skipping server with the real activities. */
import { workflowIdFor } from '../../src/workflows/definitions';
import { useFreshTimeSkippingStack } from '../support/e2e-stack';
import { engineShop } from '../support/engine-scenario';
import { ofType, types } from '../support/feed';
import { recordHistory } from '../support/histories';
import { scheduledActivities } from '../support/workflow-history';

// The hold runs from the change's time (the API's clock): each test starts with the server's clock there.
const stack = useFreshTimeSkippingStack();
const HOLD = { value: 2, unit: 'minutes' } as const;

describe('debounce (time-skipping server, real activities)', () => {
  test('when the status flips three times within a minute, then one message goes, about the last status, and two are superseded', async () => {
    // Arrange
    const shop = await engineShop(stack(), {
      templateBody: 'Order {{order.number}} is now {{order.status}}.',
    });
    const rule = await shop.rule({ trigger: { type: 'order.status_changed' }, debounce: HOLD });
    const order = await shop.createOrder({ number: 'DB-1' });

    // Act
    for (const status of [shop.statuses.inRepair, shop.statuses.received, shop.statuses.ready]) {
      await shop.patchOrder(order.id, { statusId: status.id });
    }
    const held = await shop.waitForOrderFeed(
      order.id,
      'notification.scheduled',
      'notification.scheduled',
      'notification.scheduled',
    );
    await stack().env.sleep('3 minutes');
    const feed = await shop.waitForOrderFeed(order.id, 'notification.sent');

    // Assert
    const scheduled = ofType(held, 'notification.scheduled');
    expect(ofType(feed, 'notification.cancelled')).toEqual([
      expect.objectContaining({
        ruleId: rule.id,
        reason: 'superseded',
        scheduledFor: scheduled[0]!.scheduledFor,
      }),
      expect.objectContaining({
        ruleId: rule.id,
        reason: 'superseded',
        scheduledFor: scheduled[1]!.scheduledFor,
      }),
    ]);
    expect(ofType(feed, 'notification.sent')).toEqual([
      expect.objectContaining({ ruleId: rule.id, scheduledFor: scheduled[2]!.scheduledFor }),
    ]);
    expect((await shop.orderOutbox(order.id)).map((m) => m.body)).toEqual([
      'Order DB-1 is now Ready for pickup.',
    ]);
    const handle = stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id));
    expect(await scheduledActivities(handle, 'sendMessage')).toHaveLength(1);
    await recordHistory(handle, 'order-debounce-superseded');
  });

  test('when a debounced send is held, then it waits the hold and the feed says when it will go', async () => {
    // Arrange
    const shop = await engineShop(stack());
    await shop.rule({
      trigger: { type: 'order.status_changed_to', statusId: shop.statuses.ready.id },
      debounce: HOLD,
    });
    const order = await shop.createOrder();

    // Act
    await shop.patchOrder(order.id, { statusId: shop.statuses.ready.id });
    const held = await shop.waitForOrderFeed(order.id, 'notification.scheduled');
    await stack().env.sleep('1 minute');
    const early = await shop.orderOutbox(order.id);
    await stack().env.sleep('2 minutes');
    await shop.waitForOrderFeed(order.id, 'notification.sent');

    // Assert
    const changed = ofType(held, 'order.status_changed')[0]!;
    const scheduled = ofType(held, 'notification.scheduled')[0]!;
    expect(Date.parse(scheduled.scheduledFor!) - Date.parse(changed.at)).toBeGreaterThanOrEqual(2 * 60_000);
    expect(early).toEqual([]);
    expect(await shop.orderOutbox(order.id)).toHaveLength(1);
  });

  test('when a rule does not debounce, then each of the three flips sends its own message', async () => {
    // Arrange
    const shop = await engineShop(stack());
    await shop.rule({ trigger: { type: 'order.status_changed' } });
    const order = await shop.createOrder();

    // Act
    for (const status of [shop.statuses.inRepair, shop.statuses.received, shop.statuses.ready]) {
      await shop.patchOrder(order.id, { statusId: status.id });
    }
    const feed = await shop.waitForOrderFeed(
      order.id,
      'notification.sent',
      'notification.sent',
      'notification.sent',
    );

    // Assert
    expect(types(feed).filter((t) => t === 'notification.cancelled')).toEqual([]);
    expect(await shop.orderOutbox(order.id)).toHaveLength(3);
  });
});
