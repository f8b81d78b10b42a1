import type { WorkingHours } from '../../src/domain/types';
import { workflowIdFor } from '../../src/workflows/definitions';
import { eventually, useSharedE2EStack } from '../support/e2e-stack';
import { engineShop } from '../support/engine-scenario';
import { ofType, types } from '../support/feed';
import { recordHistory } from '../support/histories';
import { HOUR_MS } from '../support/time';

const stack = useSharedE2EStack({ timeSkipping: true });

const pad = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/**
 * Every day open one hour, two whole hours after the current UTC hour: closed now, opening at
 * `opening`. The interval never crosses midnight (23:00 closes at 24:00; later hours wrap to the next day).
 */
function openOnlyInTwoHours(now: number): { workingHours: WorkingHours; opening: string } {
  const opening = Math.floor(now / HOUR_MS) * HOUR_MS + 2 * HOUR_MS;
  const from = new Date(opening).getUTCHours();
  const day = [{ from: pad(from), to: pad(from + 1) }];
  return {
    workingHours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    opening: new Date(opening).toISOString(),
  };
}

describe('working-hours-only notifications (time-skipping server, real activities)', () => {
  test('when an order is created while the location is closed, then the send is deferred to the opening and sent then', async () => {
    // Arrange
    const { workingHours, opening } = openOnlyInTwoHours(Date.now());
    const shop = await engineShop(stack(), { timezone: 'UTC', workingHours });
    const rule = await shop.rule({ trigger: { type: 'order.created' }, workingHoursOnly: true });

    // Act
    const order = await shop.createOrder({ number: 'W-1' });
    const scheduledFeed = await shop.waitForOrderFeed(order.id, 'notification.scheduled');
    const pending = (await shop.getOrder(order.id)).pending;
    const outboxBeforeOpening = await shop.orderOutbox(order.id);
    await stack().env.sleep(Date.parse(opening) - Date.now() + 60_000);
    const messages = await eventually(async () => {
      const m = await shop.orderOutbox(order.id);
      return m.length > 0 ? m : undefined;
    });
    const feed = await shop.waitForOrderFeed(order.id, 'notification.sent');

    // Assert
    expect(ofType(scheduledFeed, 'notification.scheduled')).toEqual([
      expect.objectContaining({ ruleId: rule.id, scheduledFor: opening, reason: 'outside_working_hours' }),
    ]);
    expect(pending).toEqual([
      { kind: 'notification', ruleId: rule.id, channel: 'sms', scheduledFor: opening, deferred: true },
    ]);
    expect(outboxBeforeOpening).toEqual([]);
    expect(messages).toEqual([
      expect.objectContaining({ ruleId: rule.id, body: expect.stringContaining('W-1') }),
    ]);
    expect(types(feed)).toEqual(['order.created', 'notification.scheduled', 'notification.sent']);
    await recordHistory(
      stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id)),
      'order-working-hours-real-activities',
    );
  });
});
