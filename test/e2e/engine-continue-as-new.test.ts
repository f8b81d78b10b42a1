import pino from 'pino';
import { EventRelay } from '../../src/relay/event-relay';
import { workflowIdFor, type EntityWorkflowInput } from '../../src/workflows/definitions';
import { useSharedE2EStack } from '../support/e2e-stack';
import { engineShop } from '../support/engine-scenario';
import { ofType } from '../support/feed';
import { recordHistory } from '../support/histories';
import { waitUntilIdle } from '../support/workflow-history';

let relay: EventRelay | undefined;

// Declared before the stack, whose database this relay reads: Jest runs afterAll hooks in declaration order.
afterAll(async () => {
  await relay?.stop();
});

const stack = useSharedE2EStack({ timeSkipping: true });

const STATUS_CHANGES = 10;

describe('continue-as-new (time-skipping server, real activities)', () => {
  test('when the history outgrows its limit with delayed sends pending, then the workflow continues as new and every send goes out exactly once', async () => {
    // Arrange: the workflow is started by the test with a tiny history limit before any event reaches it.
    const shop = await engineShop(stack());
    const rule = await shop.rule({
      trigger: { type: 'order.status_changed' },
      delay: { value: 1, unit: 'hours' },
    });
    await stack().relay.stop();
    const order = await shop.createOrder();
    const workflowId = workflowIdFor(shop.company.id, 'order', order.id);
    const input: EntityWorkflowInput = {
      companyId: shop.company.id,
      entity: 'order',
      entityId: order.id,
      maxHistoryLength: 30,
    };
    const started = await stack().env.client.workflow.start('orderNotificationsWorkflow', {
      workflowId,
      taskQueue: stack().taskQueue,
      args: [input],
    });
    const firstRun = stack().env.client.workflow.getHandle(workflowId, started.firstExecutionRunId);
    relay = new EventRelay({
      db: stack().db,
      temporal: { get: async () => stack().env.client },
      taskQueue: stack().taskQueue,
      logger: pino({ level: 'silent' }),
      intervalMs: 100,
      searchAttributes: false,
    });
    relay.start();

    // Act
    for (let i = 0; i < STATUS_CHANGES; i++) {
      const statusId = i % 2 === 0 ? shop.statuses.ready.id : shop.statuses.inRepair.id;
      await shop.patchOrder(order.id, { statusId });
    }
    await shop.waitForOrderFeed(order.id, ...Array(STATUS_CHANGES).fill('notification.scheduled'));
    const current = stack().env.client.workflow.getHandle(workflowId);
    await waitUntilIdle(current);
    const { pending } = await shop.getOrder(order.id);
    const runBeforeSending = (await current.describe()).runId;
    await stack().env.sleep('61 minutes');
    await shop.waitForOrderFeed(order.id, ...Array(STATUS_CHANGES).fill('notification.sent'));
    await waitUntilIdle(current);
    const feed = await shop.orderFeed(order.id);
    const pendingAfter = (await shop.getOrder(order.id)).pending;
    const runAfterSending = (await current.describe()).runId;

    // Assert
    const firstRunDescription = await firstRun.describe();
    expect(firstRunDescription.status.name).toBe('CONTINUED_AS_NEW');
    expect(runBeforeSending).not.toBe(started.firstExecutionRunId);
    expect(runAfterSending).not.toBe(runBeforeSending);
    expect(pending).toHaveLength(STATUS_CHANGES);
    expect(pendingAfter).toEqual([]);
    const sent = ofType(feed, 'notification.sent');
    expect(sent).toHaveLength(STATUS_CHANGES);
    expect(new Set(sent.map((e) => e.deliveryId)).size).toBe(STATUS_CHANGES);
    expect(sent.every((e) => e.ruleId === rule.id)).toBe(true);
    expect(await shop.orderOutbox(order.id)).toHaveLength(STATUS_CHANGES);
    expect(await shop.orderDeliveries(order.id)).toHaveLength(STATUS_CHANGES);
    await recordHistory(firstRun, 'order-continue-as-new-first-run-local-activities');
    await recordHistory(current, 'order-continue-as-new-last-run-local-activities');
  });
});
