import type { WorkingHours } from '../../src/domain/types';
import { workflowIdFor } from '../../src/workflows/definitions';
import { eventually, useSharedE2EStack } from '../support/e2e-stack';
import { engineShop } from '../support/engine-scenario';
import { ofType } from '../support/feed';
import { recordHistory } from '../support/histories';
import { HOUR_MS } from '../support/time';

const stack = useSharedE2EStack({ timeSkipping: true });

const pad = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** Every day open `[from, from + 1h)` UTC, `from` whole hours after the current UTC hour. */
function openOneHourFrom(now: number, hoursAhead: number): { workingHours: WorkingHours; opening: string } {
  const opening = Math.floor(now / HOUR_MS) * HOUR_MS + hoursAhead * HOUR_MS;
  const from = new Date(opening).getUTCHours();
  const day = [{ from: pad(from), to: pad(from + 1) }];
  return {
    workingHours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    opening: new Date(opening).toISOString(),
  };
}

// Its own server: the other working-hours test moves the time-skipping clock hours past real time, and this
// one compares the workflow's time with the location's hours computed from the real clock.
describe('a location whose hours change while a send waits (time-skipping server, real activities)', () => {
  test('when the location changes its hours while a send waits for the opening, then the send moves to the new opening and goes out then', async () => {
    // Arrange: closed now, opening in five hours; the send waits for that.
    const now = Date.now();
    const { workingHours, opening: oldOpening } = openOneHourFrom(now, 5);
    const shop = await engineShop(stack(), { timezone: 'UTC', workingHours });
    const rule = await shop.rule({ trigger: { type: 'order.created' }, workingHoursOnly: true });
    const order = await shop.createOrder({ number: 'W-2' });
    await shop.waitForOrderFeed(order.id, 'notification.scheduled');

    // Act: the location now opens in two hours instead.
    const { workingHours: newHours, opening: newOpening } = openOneHourFrom(now, 2);
    await shop.ok(shop.http.patch(`/v1/locations/${shop.location.id}`, { workingHours: newHours }));
    // The change reaches the workflow through the relay; on a busy machine that can take a while.
    const moved = await eventually(async () => {
      const entries = await shop.orderFeed(order.id);
      return ofType(entries, 'notification.scheduled').length >= 2 ? entries : undefined;
    }, 60_000);
    const pending = (await shop.getOrder(order.id)).pending;
    await stack().env.sleep(Date.parse(newOpening) - Date.now() + 60_000);
    const feed = await shop.waitForOrderFeed(order.id, 'notification.sent');

    // Assert
    expect(ofType(moved, 'notification.scheduled')).toEqual([
      expect.objectContaining({ ruleId: rule.id, scheduledFor: oldOpening, reason: 'outside_working_hours' }),
      expect.objectContaining({
        ruleId: rule.id,
        scheduledFor: newOpening,
        reason: 'outside_working_hours',
        previousScheduledFor: expect.any(String),
      }),
    ]);
    expect(pending).toEqual([
      expect.objectContaining({ ruleId: rule.id, scheduledFor: newOpening, deferred: true }),
    ]);
    expect(await shop.orderOutbox(order.id)).toHaveLength(1);
    expect(ofType(feed, 'notification.sent')).toHaveLength(1);
    await recordHistory(
      stack().env.client.workflow.getHandle(workflowIdFor(shop.company.id, 'order', order.id)),
      'order-location-hours-changed',
    );
  }, 180_000);
});
