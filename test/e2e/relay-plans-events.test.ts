import { StatusIdKey } from '../../src/temporal/search-attributes';
import { workflowIdFor } from '../../src/workflows/definitions';
import { eventually, useSharedE2EStack } from '../support/e2e-stack';
import { recordHistory } from '../support/histories';
import { shopScenario } from '../support/scenario';
import { scheduledActivities, waitUntilIdle } from '../support/workflow-history';

const stack = useSharedE2EStack();

afterEach(async () => {
  await stack().restartRelay();
});

async function sentOrder() {
  const shop = await shopScenario(stack().app, stack().db);
  await shop.orderCreatedRule('sms');
  const order = await shop.createOrder();
  const feed = await eventually(async () => {
    const body = await shop.ok(shop.http.get(`/v1/orders/${order.id}/feed`));
    return body.entries.some((e: { type: string }) => e.type === 'notification.sent') ? body : undefined;
  });
  const handle = stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id));
  await waitUntilIdle(handle);
  return { feed, handle };
}

describe('the relay plans each event it signals (dev server)', () => {
  test('when the relay planned the order’s event, then the workflow sends without a planning step of its own', async () => {
    // Act
    const { feed, handle } = await sentOrder();

    // Assert
    expect(feed.entries.map((e: { type: string }) => e.type)).toEqual(['order.created', 'notification.sent']);
    expect(await scheduledActivities(handle, 'planEvent')).toEqual([]);
    await recordHistory(handle, 'order-started-with-every-patch');
  });

  test('when the relay starts an order’s workflow, then the run records no patch markers (its code has every patch)', async () => {
    // Act
    const { handle } = await sentOrder();

    // Assert
    const events = (await handle.fetchHistory()).events ?? [];
    const markers = events.map((e) => e.markerRecordedEventAttributes?.markerName).filter(Boolean);
    expect(markers).not.toContain('core_patch');
    expect(events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes)).toEqual([]);
  });

  test('when the relay cannot plan (its database read fails), then the event goes unplanned and the workflow plans it', async () => {
    // Arrange
    await stack().restartRelay({
      plan: () => Promise.reject(new Error('Connection terminated unexpectedly')),
    });

    // Act
    const { feed, handle } = await sentOrder();

    // Assert
    expect(feed.entries.map((e: { type: string }) => e.type)).toEqual(['order.created', 'notification.sent']);
    expect(await scheduledActivities(handle, 'planEvent')).toEqual(['planEvent']);
  });

  test('when an order’s status changes, then its workflow is found by the new status in the Web UI’s search attributes', async () => {
    // Arrange
    const shop = await shopScenario(stack().app, stack().db);
    const order = await shop.createOrder();
    const handle = stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id));
    const shownStatus = async () =>
      (await handle.describe().catch(() => null))?.typedSearchAttributes.get(StatusIdKey);
    await eventually(async () => ((await shownStatus()) === shop.statuses.received.id ? true : undefined));

    // Act
    await shop.patchOrder(order.id, { statusId: shop.statuses.ready.id });

    // Assert
    await eventually(async () => ((await shownStatus()) === shop.statuses.ready.id ? true : undefined));
    const upserts = ((await handle.fetchHistory()).events ?? []).filter(
      (e) => e.upsertWorkflowSearchAttributesEventAttributes,
    );
    expect(upserts).toHaveLength(1); // the change's; the first status came with the start
  });
});
