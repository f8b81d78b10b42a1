import { MockActivityEnvironment } from '@temporalio/testing';
import { createEngineActivities } from '../../src/activities';
import { notificationKey } from '../../src/domain/pending-sends';
import { DevOutboxProvider } from '../../src/providers/dev-outbox';
import { workflowIdFor } from '../../src/workflows/definitions';
import type { PendingSend } from '../../src/domain/engine-state';
import { eventually, useFreshTimeSkippingStack } from '../support/e2e-stack';
import { engineShop } from '../support/engine-scenario';
import { ofType } from '../support/feed';
import { recordHistory } from '../support/histories';
import { scheduledActivities } from '../support/workflow-history';

const stack = useFreshTimeSkippingStack();

describe('each send goes out once (time-skipping server, real activities)', () => {
  test('when the worker stops during the delay and starts again, then the message is sent exactly once', async () => {
    // Arrange
    const shop = await engineShop(stack());
    const rule = await shop.rule({ trigger: { type: 'order.created' }, delay: { value: 1, unit: 'hours' } });
    const order = await shop.createOrder();
    await shop.waitForOrderFeed(order.id, 'notification.scheduled');

    // Act
    await stack().stopWorker();
    await stack().env.sleep('30 minutes');
    await stack().startWorker();
    await stack().env.sleep('31 minutes');
    const feed = await shop.waitForOrderFeed(order.id, 'notification.sent');
    await eventually(async () => ((await shop.getOrder(order.id)).pending.length === 0 ? true : undefined));

    // Assert
    expect(ofType(feed, 'notification.sent')).toEqual([expect.objectContaining({ ruleId: rule.id })]);
    expect(await shop.orderOutbox(order.id)).toHaveLength(1);
    expect(await shop.orderDeliveries(order.id)).toHaveLength(1);
    const handle = stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id));
    expect(await scheduledActivities(handle, 'sendMessage')).toHaveLength(1);
    await recordHistory(handle, 'order-worker-restart-real-activities');
  });

  test('when the deliver activity runs twice for the same send before the workflow sends it, then there is one delivery and one message', async () => {
    // Arrange
    const shop = await engineShop(stack());
    const rule = await shop.rule({ trigger: { type: 'order.created' }, delay: { value: 1, unit: 'hours' } });
    const order = await shop.createOrder();
    const scheduled = ofType(
      await shop.waitForOrderFeed(order.id, 'notification.scheduled'),
      'notification.scheduled',
    );
    const { rows } = await stack().db.query('SELECT id FROM entity_events WHERE entity_id = $1', [order.id]);
    // The very send the workflow holds as pending.
    const send: PendingSend = {
      key: notificationKey(rule.id, rows[0].id),
      kind: 'notification',
      ruleId: rule.id,
      channel: 'sms',
      sendAt: scheduled[0]!.scheduledFor!,
      eventId: rows[0].id,
      triggerType: 'order.created',
      expectedStatusId: null,
      dueDate: null,
      deferred: false,
    };
    const outbox = new DevOutboxProvider(stack().db);
    const activities = createEngineActivities({
      db: stack().db,
      providers: { sms: outbox, whatsapp: outbox, viber: outbox, email: outbox },
    });
    const ref = {
      companyId: shop.company.id,
      entity: 'order' as const,
      entityId: order.id,
      workflowId: workflowIdFor(shop.company.id, 'order', order.id),
      send,
    };

    // Act
    const first = await new MockActivityEnvironment().run(activities.deliver, ref);
    const second = await new MockActivityEnvironment().run(activities.deliver, ref);
    await stack().env.sleep('61 minutes');
    await eventually(async () => ((await shop.getOrder(order.id)).pending.length === 0 ? true : undefined));

    // Assert
    expect(first).toEqual({ outcome: 'sent', deliveryId: expect.any(String) });
    expect(second).toEqual(first);
    expect(await shop.orderOutbox(order.id)).toHaveLength(1);
    expect(await shop.orderDeliveries(order.id)).toEqual([
      expect.objectContaining({ id: (first as { deliveryId: string }).deliveryId, status: 'sent' }),
    ]);
    expect(ofType(await shop.orderFeed(order.id), 'notification.sent')).toHaveLength(1);
    // The workflow's own attempt at send time found the delivery and did not send again.
    expect(
      await scheduledActivities(stack().env.client.workflow.getHandle(ref.workflowId), 'sendMessage'),
    ).toHaveLength(1);
  });
});
