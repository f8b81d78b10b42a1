import { workflowIdFor } from '../../src/workflows/definitions';
import { eventually, useSharedE2EStack } from '../support/e2e-stack';
import { engineShop } from '../support/engine-scenario';
import { ofType } from '../support/feed';
import { scheduledActivities } from '../support/workflow-history';

const stack = useSharedE2EStack({ timeSkipping: true });

describe('rules matching one event (time-skipping server, real activities)', () => {
  test("when two rules of the order's location match and one of another location does too, then exactly the two send", async () => {
    // Arrange
    const shop = await engineShop(stack());
    const sms = await shop.rule({ trigger: { type: 'order.created' }, channel: 'sms' });
    const email = await shop.rule({ trigger: { type: 'order.created' }, channel: 'email' });
    const otherLocation = await shop.newLocation('Riverside');
    await shop.rule({
      trigger: { type: 'order.created' },
      channel: 'whatsapp',
      locationId: otherLocation.id,
    });

    // Act
    const order = await shop.createOrder();
    const feed = await shop.waitForOrderFeed(order.id, 'notification.sent', 'notification.sent');
    const messages = await eventually(async () => {
      const m = await shop.orderOutbox(order.id);
      return m.length === 2 ? m : undefined;
    });

    // Assert
    // Every send of one event is scheduled in the same workflow task: a third would be in the history now.
    const handle = stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id));
    expect(await scheduledActivities(handle, 'sendMessage')).toHaveLength(2);
    expect(messages.map((m) => [m.ruleId, m.channel]).sort()).toEqual(
      [
        [sms.id, 'sms'],
        [email.id, 'email'],
      ].sort(),
    );
    expect(
      ofType(feed, 'notification.sent')
        .map((e) => e.ruleId)
        .sort(),
    ).toEqual([sms.id, email.id].sort());
    expect(ofType(feed, 'notification.scheduled')).toEqual([]);
  });
});
