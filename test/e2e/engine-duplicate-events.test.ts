import { entityEventSignal, workflowIdFor } from '../../src/workflows/definitions';
import { useFreshTimeSkippingStack } from '../support/e2e-stack';
import { engineShop } from '../support/engine-scenario';
import { ofType } from '../support/feed';
import { recordHistory } from '../support/histories';
import { storedEvents } from '../support/stored-events';
import { eventsAfterSignal, scheduledActivities } from '../support/workflow-history';

const stack = useFreshTimeSkippingStack();

describe('an event delivered twice (time-skipping server, real activities)', () => {
  test('when the same event is signalled again during the delay, then it is ignored: one pending send, one message, one sent entry', async () => {
    // Arrange
    const shop = await engineShop(stack());
    const rule = await shop.rule({ trigger: { type: 'order.created' }, delay: { value: 1, unit: 'hours' } });
    const order = await shop.createOrder();
    await shop.waitForOrderFeed(order.id, 'notification.scheduled');
    const handle = stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id));

    // Act
    const [created] = await storedEvents(stack().db, order.id);
    await handle.signal(entityEventSignal, created!);
    const afterDuplicate = await eventsAfterSignal(handle, 2);
    const pending = (await shop.getOrder(order.id)).pending;
    await stack().env.sleep('61 minutes');
    const feed = await shop.waitForOrderFeed(order.id, 'notification.sent');

    // Assert
    expect(afterDuplicate.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
    expect(pending).toEqual([expect.objectContaining({ ruleId: rule.id })]);
    expect(await shop.orderOutbox(order.id)).toHaveLength(1);
    expect(ofType(feed, 'notification.sent')).toHaveLength(1);
    expect(ofType(feed, 'notification.scheduled')).toHaveLength(1);
    // Planned once, by the relay; the duplicate (signalled here without a plan) was dropped unplanned.
    expect(await scheduledActivities(handle, 'planEvent')).toHaveLength(0);
    await recordHistory(handle, 'order-duplicate-event-real-activities');
  });

  test('when the relay sends an already delivered event again, then the workflow ignores it: one message, one sent entry', async () => {
    // Arrange
    const shop = await engineShop(stack());
    await shop.rule({ trigger: { type: 'order.created' } });
    const order = await shop.createOrder();
    await shop.waitForOrderFeed(order.id, 'notification.sent');
    const handle = stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id));

    // Act
    await stack().db.query('UPDATE entity_events SET dispatched_at = NULL WHERE entity_id = $1', [order.id]);
    stack().relay.wake();
    const afterDuplicate = await eventsAfterSignal(handle, 2);

    // Assert
    expect(afterDuplicate.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
    expect(await shop.orderOutbox(order.id)).toHaveLength(1);
    expect(ofType(await shop.orderFeed(order.id), 'notification.sent')).toHaveLength(1);
    expect(await shop.orderDeliveries(order.id)).toHaveLength(1);
  });
});
