import type { EntityEvent } from '../../src/domain/types';
import { entityEventSignal, workflowIdFor } from '../../src/workflows/definitions';
import { startE2EStack, type E2EStack } from '../support/e2e-stack';
import { engineShop, ofType } from '../support/engine-scenario';
import { recordHistory } from '../support/histories';
import { eventsAfterSignal, scheduledActivities } from '../support/workflow-history';

let stack: E2EStack;

// One test moves the server's clock past real time, so each gets a fresh time-skipping server.
beforeEach(async () => {
  stack = await startE2EStack({ timeSkipping: true });
}, 120_000);

afterEach(async () => {
  await stack?.close();
});

/** The order's stored event as the relay delivers it (the row's id and time complete the payload). */
async function storedEvent(orderId: string): Promise<EntityEvent> {
  const { rows } = await stack.db.query(
    'SELECT id, created_at, payload FROM entity_events WHERE entity_id = $1 ORDER BY seq LIMIT 1',
    [orderId],
  );
  return { ...rows[0].payload.event, id: rows[0].id, at: rows[0].created_at.toISOString() };
}

describe('an event delivered twice (time-skipping server, real activities)', () => {
  test('when the same event is signalled again during the delay, then it is ignored: one pending send, one message, one sent entry', async () => {
    // Arrange
    const shop = await engineShop(stack);
    const rule = await shop.rule({ trigger: { type: 'order.created' }, delay: { value: 1, unit: 'hours' } });
    const order = await shop.createOrder();
    await shop.waitForOrderFeed(order.id, 'notification.scheduled');
    const handle = stack.env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id));

    // Act
    await handle.signal(entityEventSignal, await storedEvent(order.id));
    const afterDuplicate = await eventsAfterSignal(handle, 2);
    const pending = (await shop.getOrder(order.id)).pending;
    await stack.env.sleep('61 minutes');
    const feed = await shop.waitForOrderFeed(order.id, 'notification.sent');

    // Assert
    expect(afterDuplicate.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
    expect(pending).toEqual([expect.objectContaining({ ruleId: rule.id })]);
    expect(await shop.orderOutbox(order.id)).toHaveLength(1);
    expect(ofType(feed, 'notification.sent')).toHaveLength(1);
    expect(ofType(feed, 'notification.scheduled')).toHaveLength(1);
    expect(await scheduledActivities(handle, 'planEvent')).toHaveLength(1);
    await recordHistory(handle, 'order-duplicate-event-real-activities');
  });

  test('when the relay sends an already delivered event again, then the workflow ignores it: one message, one sent entry', async () => {
    // Arrange
    const shop = await engineShop(stack);
    await shop.rule({ trigger: { type: 'order.created' } });
    const order = await shop.createOrder();
    await shop.waitForOrderFeed(order.id, 'notification.sent');
    const handle = stack.env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id));

    // Act
    await stack.db.query('UPDATE entity_events SET dispatched_at = NULL WHERE entity_id = $1', [order.id]);
    stack.relay.wake();
    const afterDuplicate = await eventsAfterSignal(handle, 2);

    // Assert
    expect(afterDuplicate.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
    expect(await shop.orderOutbox(order.id)).toHaveLength(1);
    expect(ofType(await shop.orderFeed(order.id), 'notification.sent')).toHaveLength(1);
    expect(await shop.orderDeliveries(order.id)).toHaveLength(1);
  });
});
