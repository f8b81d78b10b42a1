import { DateTime } from 'luxon';
import { useFreshTimeSkippingStack } from '../support/e2e-stack';
import { recordHistory } from '../support/histories';
import { sendCalls, reminderShop, type ReminderShop } from '../support/reminder-scenario';
import { HOUR_MS } from '../support/time';

// Each test moves the server's clock months ahead, to a DST change, so each gets a fresh server.
const stack = useFreshTimeSkippingStack();

const ZONE = 'Europe/Berlin';
const utc = (dt: DateTime) => dt.toUTC().toISO({ suppressMilliseconds: false })!;
const wall = (instant: string) => DateTime.fromISO(instant, { zone: ZONE }).toFormat('ccc HH:mm');

/** The last Sunday of `month` (3 = March, 10 = October) after the server's clock, as a Berlin date. */
function nextChangeSunday(nowMs: number, month: 3 | 10): DateTime {
  let year = DateTime.fromMillis(nowMs, { zone: ZONE }).year;
  for (;;) {
    const lastDay = DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE })
      .endOf('month')
      .startOf('day');
    const sunday = lastDay.minus({ days: lastDay.weekday % 7 });
    if (sunday.toMillis() > nowMs + 7 * 24 * HOUR_MS) return sunday;
    year += 1;
  }
}

/**
 * Orders are created on the Thursday before the change; reminders fire across it. "1 day before" and
 * "2 days before" are calendar days in the location's zone, so each fires at 10:00 Berlin time.
 */
async function acrossTheChange(month: 3 | 10) {
  const shop: ReminderShop = await reminderShop(stack(), { timezone: ZONE });
  const oneDay = await shop.reminderRule({ value: 1, unit: 'days' });
  const twoDays = await shop.reminderRule({ value: 2, unit: 'days' }, 'email');
  const sunday = nextChangeSunday(await shop.now(), month);
  const thursday = sunday.minus({ days: 3 }).set({ hour: 12 });
  await stack().env.sleep(thursday.toMillis() - (await shop.now()));

  const mondayDue = utc(sunday.plus({ days: 1 }).set({ hour: 10 }));
  const sundayDue = utc(sunday.set({ hour: 10 }));
  const monday = await shop.createOrder({ dueDate: mondayDue, number: 'DST-MON' });
  const sundayOrder = await shop.createOrder({ dueDate: sundayDue, number: 'DST-SUN' });
  await shop.waitForFeed(monday.id, 'reminder.scheduled', 'reminder.scheduled');
  await shop.waitForFeed(sundayOrder.id, 'reminder.scheduled', 'reminder.scheduled');
  const pending = {
    monday: (await shop.getOrder(monday.id)).pending,
    sunday: (await shop.getOrder(sundayOrder.id)).pending,
  };

  // Through the weekend of the change, to Monday noon.
  await stack().env.sleep(sunday.plus({ days: 1 }).set({ hour: 12 }).toMillis() - (await shop.now()));
  await shop.waitForFeed(monday.id, 'reminder.sent', 'reminder.sent');
  await shop.waitForFeed(sundayOrder.id, 'reminder.sent', 'reminder.sent');
  const calls = {
    monday: await sendCalls(shop.handle(monday.id)),
    sunday: await sendCalls(shop.handle(sundayOrder.id)),
  };
  return { shop, oneDay, twoDays, sunday, mondayDue, sundayDue, pending, calls, monday, sundayOrder };
}

const hoursBefore = (due: string, at: string) => (Date.parse(due) - Date.parse(at)) / HOUR_MS;
const minutesLate = (call: { sendAt: string; calledAt: string }) =>
  (Date.parse(call.calledAt) - Date.parse(call.sendAt)) / 60_000;

describe('reminders across a DST change (Europe/Berlin, time-skipping server)', () => {
  test('when the clocks go forward (last Sunday of March), then day reminders keep the local wall time: 23h/47h before a Sunday 10:00, 24h/47h before a Monday 10:00', async () => {
    // Arrange, Act
    const r = await acrossTheChange(3);

    // Assert: planned times.
    const times = (pending: Array<{ ruleId: string; scheduledFor: string }>) =>
      Object.fromEntries(
        pending.map((p) => [p.ruleId === r.oneDay.id ? 'oneDay' : 'twoDays', p.scheduledFor]),
      );
    const monday = times(r.pending.monday);
    const sunday = times(r.pending.sunday);
    expect(wall(r.mondayDue)).toBe('Mon 10:00');
    expect([wall(monday.oneDay), wall(monday.twoDays)]).toEqual(['Sun 10:00', 'Sat 10:00']);
    expect([hoursBefore(r.mondayDue, monday.oneDay), hoursBefore(r.mondayDue, monday.twoDays)]).toEqual([
      24, 47,
    ]);
    expect([wall(sunday.oneDay), wall(sunday.twoDays)]).toEqual(['Sat 10:00', 'Fri 10:00']);
    expect([hoursBefore(r.sundayDue, sunday.oneDay), hoursBefore(r.sundayDue, sunday.twoDays)]).toEqual([
      23, 47,
    ]);

    // Assert: each was sent once, at (not before, and within a minute of) its time.
    for (const calls of [r.calls.monday, r.calls.sunday]) {
      expect(calls).toHaveLength(2);
      for (const call of calls) {
        expect(minutesLate(call)).toBeGreaterThanOrEqual(0);
        expect(minutesLate(call)).toBeLessThan(1);
      }
    }
    expect((await r.shop.outbox(r.sundayOrder.id)).map((m: { channel: string }) => m.channel)).toEqual([
      'email',
      'sms',
    ]);
    await recordHistory(r.shop.handle(r.sundayOrder.id), 'order-reminders-dst-spring');
  });

  test('when the clocks go back (last Sunday of October), then day reminders keep the local wall time: 25h/49h before a Sunday 10:00, 24h/49h before a Monday 10:00', async () => {
    // Arrange, Act
    const r = await acrossTheChange(10);

    // Assert
    const times = (pending: Array<{ ruleId: string; scheduledFor: string }>) =>
      Object.fromEntries(
        pending.map((p) => [p.ruleId === r.oneDay.id ? 'oneDay' : 'twoDays', p.scheduledFor]),
      );
    const monday = times(r.pending.monday);
    const sunday = times(r.pending.sunday);
    expect([wall(monday.oneDay), wall(monday.twoDays)]).toEqual(['Sun 10:00', 'Sat 10:00']);
    expect([hoursBefore(r.mondayDue, monday.oneDay), hoursBefore(r.mondayDue, monday.twoDays)]).toEqual([
      24, 49,
    ]);
    expect([wall(sunday.oneDay), wall(sunday.twoDays)]).toEqual(['Sat 10:00', 'Fri 10:00']);
    expect([hoursBefore(r.sundayDue, sunday.oneDay), hoursBefore(r.sundayDue, sunday.twoDays)]).toEqual([
      25, 49,
    ]);
    for (const calls of [r.calls.monday, r.calls.sunday]) {
      expect(calls).toHaveLength(2);
      for (const call of calls) expect(minutesLate(call)).toBeGreaterThanOrEqual(0);
      for (const call of calls) expect(minutesLate(call)).toBeLessThan(1);
    }
    await recordHistory(r.shop.handle(r.monday.id), 'order-reminders-dst-autumn');
  });
});
