import { workflowIdFor } from '../../src/workflows/definitions';
import { eventually, useSharedE2EStack } from '../support/e2e-stack';
import { engineShop } from '../support/engine-scenario';
import { ofType } from '../support/feed';
import { recordHistory } from '../support/histories';
import { scheduledActivities } from '../support/workflow-history';

const stack = useSharedE2EStack({ timeSkipping: true });

describe('due-date change superseded (time-skipping server, real activities)', () => {
  test('when the due date changes twice during the delay, then the first send is cancelled as superseded and one message shows the latest date', async () => {
    // Arrange
    const shop = await engineShop(stack(), { timezone: 'Europe/Kyiv' });
    const template = await shop.template(
      'Order {{order.number}} is now due {{order.dueDate | date: "%d.%m.%Y %H:%M"}}.',
    );
    const rule = await shop.rule({
      trigger: { type: 'order.due_date_changed' },
      templateId: template.id,
      delay: { value: 1, unit: 'hours' },
    });
    const order = await shop.createOrder({ number: 'S-1' });

    // Act
    await shop.patchOrder(order.id, { dueDate: '2031-03-10T12:00:00.000Z' });
    await shop.waitForOrderFeed(order.id, 'notification.scheduled');
    await shop.patchOrder(order.id, { dueDate: '2031-03-11T08:30:00.000Z' });
    const feedAfterChange = await shop.waitForOrderFeed(
      order.id,
      'notification.cancelled',
      'notification.scheduled',
      'notification.scheduled',
    );
    const pending = (await shop.getOrder(order.id)).pending;
    await stack().env.sleep('61 minutes');
    const feed = await shop.waitForOrderFeed(order.id, 'notification.sent');
    const messages = await eventually(async () => {
      const m = await shop.orderOutbox(order.id);
      return m.length > 0 ? m : undefined;
    });

    // Assert
    const [first, second] = ofType(feedAfterChange, 'notification.scheduled');
    expect(ofType(feedAfterChange, 'notification.cancelled')).toEqual([
      expect.objectContaining({ ruleId: rule.id, reason: 'superseded', scheduledFor: first!.scheduledFor }),
    ]);
    expect(pending).toEqual([
      expect.objectContaining({ ruleId: rule.id, scheduledFor: second!.scheduledFor }),
    ]);
    expect(ofType(feed, 'notification.sent')).toEqual([
      expect.objectContaining({ ruleId: rule.id, scheduledFor: second!.scheduledFor }),
    ]);
    // Kyiv is UTC+2 in early March 2031.
    expect(messages.map((m) => m.body)).toEqual(['Order S-1 is now due 11.03.2031 10:30.']);
    const handle = stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id));
    expect(await scheduledActivities(handle, 'sendMessage')).toHaveLength(1);
    await recordHistory(handle, 'order-due-date-superseded-real-activities');
  });
});
