import { workflowIdFor } from '../../src/workflows/definitions';
import { eventually, useSharedE2EStack } from '../support/e2e-stack';
import { engineShop } from '../support/engine-scenario';
import { ofType, types } from '../support/feed';
import { recordHistory } from '../support/histories';
import { HOUR_MS, plusMs } from '../support/time';

const stack = useSharedE2EStack({ timeSkipping: true });

describe('delayed notifications (time-skipping server, real activities)', () => {
  test('when a rule has a two-hour delay, then it is scheduled for creation + 2h, pending, and sent only after the delay', async () => {
    // Arrange
    const shop = await engineShop(stack());
    const rule = await shop.rule({ trigger: { type: 'order.created' }, delay: { value: 2, unit: 'hours' } });

    // Act
    const order = await shop.createOrder({ number: 'D-1' });
    const scheduledFeed = await shop.waitForOrderFeed(order.id, 'notification.scheduled');
    const pending = (await shop.getOrder(order.id)).pending;
    await stack().env.sleep('1 hour');
    const outboxAfterOneHour = await shop.orderOutbox(order.id);
    await stack().env.sleep('61 minutes');
    const messages = await eventually(async () => {
      const m = await shop.orderOutbox(order.id);
      return m.length > 0 ? m : undefined;
    });
    const feed = await shop.waitForOrderFeed(order.id, 'notification.sent');

    // Assert
    const created = ofType(scheduledFeed, 'order.created')[0]!;
    const scheduledFor = plusMs(created.at, 2 * HOUR_MS);
    expect(ofType(scheduledFeed, 'notification.scheduled')).toEqual([
      expect.objectContaining({ ruleId: rule.id, channel: 'sms', scheduledFor, reason: null }),
    ]);
    expect(pending).toEqual([
      { kind: 'notification', ruleId: rule.id, channel: 'sms', scheduledFor, deferred: false },
    ]);
    expect(outboxAfterOneHour).toEqual([]);
    expect(messages).toEqual([
      expect.objectContaining({
        channel: 'sms',
        to: '+380501234567',
        body: 'Hi Olena, order D-1 is Received at Main Street.',
        ruleId: rule.id,
      }),
    ]);
    expect(types(feed)).toEqual(['order.created', 'notification.scheduled', 'notification.sent']);
    expect((await shop.getOrder(order.id)).pending).toEqual([]);
    await recordHistory(
      stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id)),
      'order-delay-paced-sends',
    );
  });
});
