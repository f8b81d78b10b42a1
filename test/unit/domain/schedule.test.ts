import {
  addDuration,
  durationToMillis,
  isValidDuration,
  notificationSendTime,
  reminderTime,
  subtractDuration,
} from '../../../src/domain/schedule';
import type { Duration, WorkingHours } from '../../../src/domain/types';

const at = (iso: string) => new Date(iso);
const minutes = (value: number): Duration => ({ value, unit: 'minutes' });
const hoursD = (value: number): Duration => ({ value, unit: 'hours' });
const days = (value: number): Duration => ({ value, unit: 'days' });

const closed: WorkingHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const nineToSix = [{ from: '09:00', to: '18:00' }];
const weekdays: WorkingHours = {
  ...closed,
  mon: nineToSix,
  tue: nineToSix,
  wed: nineToSix,
  thu: nineToSix,
  fri: nineToSix,
};

describe('durationToMillis', () => {
  it('when given minutes, hours or days, then it returns absolute milliseconds (a day = 24h)', () => {
    expect(durationToMillis(minutes(15))).toBe(15 * 60_000);
    expect(durationToMillis(hoursD(2))).toBe(2 * 3_600_000);
    expect(durationToMillis(days(1))).toBe(86_400_000);
    expect(durationToMillis(minutes(0))).toBe(0);
  });

  it.each([
    [{ value: -1, unit: 'minutes' }],
    [{ value: 1.5, unit: 'hours' }],
    [{ value: Number.NaN, unit: 'days' }],
    [{ value: 1, unit: 'weeks' }],
  ])('when the duration is %j, then it throws', (d) => {
    expect(() => durationToMillis(d as Duration)).toThrow(RangeError);
  });
});

describe('isValidDuration', () => {
  it('when the value is a non-negative integer of a known unit, then true; otherwise false', () => {
    expect(isValidDuration({ value: 3, unit: 'days' })).toBe(true);
    expect(isValidDuration({ value: '3', unit: 'days' })).toBe(false);
    expect(isValidDuration(null)).toBe(false);
    expect(isValidDuration({ value: 3 })).toBe(false);
  });
});

describe('addDuration / subtractDuration', () => {
  it('when adding hours across the New York spring-forward, then elapsed time is absolute (01:30 EST + 1h = 03:30 EDT)', () => {
    expect(addDuration(at('2024-03-10T06:30:00Z'), hoursD(1), 'America/New_York').toISOString()).toBe(
      '2024-03-10T07:30:00.000Z',
    );
  });

  it('when adding minutes, then the zone does not matter', () => {
    expect(addDuration(at('2024-06-03T23:50:00Z'), minutes(20), 'Europe/Kyiv').toISOString()).toBe(
      '2024-06-04T00:10:00.000Z',
    );
  });

  it('when adding 1 day across the Berlin spring-forward, then the wall time is kept (10:00 CET -> 10:00 CEST)', () => {
    expect(addDuration(at('2024-03-30T09:00:00Z'), days(1), 'Europe/Berlin').toISOString()).toBe(
      '2024-03-31T08:00:00.000Z',
    );
  });

  it('when adding 1 day across the New York fall-back, then the wall time is kept (10:00 EDT -> 10:00 EST, 25h)', () => {
    expect(addDuration(at('2024-11-02T14:00:00Z'), days(1), 'America/New_York').toISOString()).toBe(
      '2024-11-03T15:00:00.000Z',
    );
  });

  it('when adding days lands on a wall time that does not exist, then the first valid instant after is used', () => {
    // 2024-03-30 02:30 CET + 1 day -> 02:30 does not exist on 2024-03-31 -> 03:00 CEST.
    expect(addDuration(at('2024-03-30T01:30:00Z'), days(1), 'Europe/Berlin').toISOString()).toBe(
      '2024-03-31T01:00:00.000Z',
    );
  });

  it('when adding days lands on an ambiguous wall time, then the earlier instant is used', () => {
    // 2024-11-02 01:30 EDT + 1 day -> 01:30 happens twice on 2024-11-03 -> EDT (05:30Z).
    expect(addDuration(at('2024-11-02T05:30:00Z'), days(1), 'America/New_York').toISOString()).toBe(
      '2024-11-03T05:30:00.000Z',
    );
  });

  it('when adding days in UTC, then it is plain 24h arithmetic', () => {
    expect(addDuration(at('2024-02-28T12:00:00Z'), days(2), 'UTC').toISOString()).toBe(
      '2024-03-01T12:00:00.000Z',
    );
  });

  it('when subtracting 1 day from 10:00 on the Berlin DST day, then it is 10:00 the day before (23h earlier)', () => {
    expect(subtractDuration(at('2024-03-31T08:00:00Z'), days(1), 'Europe/Berlin').toISOString()).toBe(
      '2024-03-30T09:00:00.000Z',
    );
  });

  it('when subtracting 24 hours instead, then it is absolute (09:00 CET the day before)', () => {
    expect(subtractDuration(at('2024-03-31T08:00:00Z'), hoursD(24), 'Europe/Berlin').toISOString()).toBe(
      '2024-03-30T08:00:00.000Z',
    );
  });

  it('when the zone is invalid, then it throws', () => {
    expect(() => addDuration(at('2024-06-03T12:00:00Z'), days(1), 'Nowhere/Land')).toThrow(RangeError);
    expect(() => addDuration(at('2024-06-03T12:00:00Z'), minutes(1), 'Nowhere/Land')).toThrow(RangeError);
  });
});

describe('reminderTime', () => {
  it('when reminding 1 day before a 10:00 appointment across the New York fall-back, then it is 10:00 the day before', () => {
    // Due Sun 2024-11-03 10:00 EST (15:00Z); the day before 10:00 is EDT (14:00Z).
    expect(reminderTime(at('2024-11-03T15:00:00Z'), days(1), 'America/New_York').toISOString()).toBe(
      '2024-11-02T14:00:00.000Z',
    );
  });

  it('when reminding 1 day before a 10:00 appointment around the New York spring-forward, then it is 10:00 local the day before', () => {
    // Due Mon 2024-03-11 10:00 EDT (14:00Z); the day before (Sun, already EDT) -> 14:00Z.
    expect(reminderTime(at('2024-03-11T14:00:00Z'), days(1), 'America/New_York').toISOString()).toBe(
      '2024-03-10T14:00:00.000Z',
    );
    // Due Sun 2024-03-10 10:00 EDT (14:00Z); the day before (Sat) is EST -> 15:00Z.
    expect(reminderTime(at('2024-03-10T14:00:00Z'), days(1), 'America/New_York').toISOString()).toBe(
      '2024-03-09T15:00:00.000Z',
    );
  });

  it('when reminding 2 hours before, then it is 2 absolute hours earlier', () => {
    expect(reminderTime(at('2024-06-03T10:00:00Z'), hoursD(2), 'Europe/Kyiv').toISOString()).toBe(
      '2024-06-03T08:00:00.000Z',
    );
  });

  it('when reminding 7 days before in Kyiv across the autumn change, then the local time is kept', () => {
    // Due 2024-10-30 10:00 EET (08:00Z); a week before is 2024-10-23 10:00 EEST (07:00Z).
    expect(reminderTime(at('2024-10-30T08:00:00Z'), days(7), 'Europe/Kyiv').toISOString()).toBe(
      '2024-10-23T07:00:00.000Z',
    );
  });
});

describe('notificationSendTime', () => {
  const base = { delay: null, workingHoursOnly: false, workingHours: null, timezone: 'UTC' };

  it('when there is no delay and no working-hours option, then it sends at the event time', () => {
    expect(notificationSendTime({ ...base, eventAt: at('2024-06-08T03:00:00Z') })).toEqual({
      sendAt: at('2024-06-08T03:00:00Z'),
      deferred: false,
    });
  });

  it('when there is a delay, then it is added to the event time', () => {
    expect(notificationSendTime({ ...base, eventAt: at('2024-06-03T10:00:00Z'), delay: hoursD(1) })).toEqual({
      sendAt: at('2024-06-03T11:00:00Z'),
      deferred: false,
    });
  });

  it('when a debounce hold is longer than the delay, then the send waits for the hold', () => {
    const eventAt = at('2024-06-03T10:00:00Z');
    expect(notificationSendTime({ ...base, eventAt, delay: minutes(1), hold: minutes(2) }).sendAt).toEqual(
      at('2024-06-03T10:02:00Z'),
    );
  });

  it('when the delay is longer than the debounce hold, then the delay wins', () => {
    const eventAt = at('2024-06-03T10:00:00Z');
    expect(notificationSendTime({ ...base, eventAt, delay: hoursD(1), hold: minutes(2) }).sendAt).toEqual(
      at('2024-06-03T11:00:00Z'),
    );
  });

  it('when the delayed time is inside working hours, then it is not deferred', () => {
    const r = notificationSendTime({
      eventAt: at('2024-06-03T10:00:00Z'),
      delay: minutes(30),
      workingHoursOnly: true,
      workingHours: weekdays,
      timezone: 'Europe/Berlin',
    });
    expect(r).toEqual({ sendAt: at('2024-06-03T10:30:00Z'), deferred: false });
  });

  it('when the delayed time falls after closing, then it moves to the next opening and is deferred', () => {
    // Mon 17:30 CEST + 1h = 18:30 -> Tue 09:00 CEST (07:00Z).
    const r = notificationSendTime({
      eventAt: at('2024-06-03T15:30:00Z'),
      delay: hoursD(1),
      workingHoursOnly: true,
      workingHours: weekdays,
      timezone: 'Europe/Berlin',
    });
    expect(r).toEqual({ sendAt: at('2024-06-04T07:00:00Z'), deferred: true });
  });

  it('when an event happens on Friday night, then a working-hours-only send waits for Monday', () => {
    const r = notificationSendTime({
      eventAt: at('2024-06-07T20:00:00Z'),
      delay: null,
      workingHoursOnly: true,
      workingHours: weekdays,
      timezone: 'UTC',
    });
    expect(r).toEqual({ sendAt: at('2024-06-10T09:00:00Z'), deferred: true });
  });

  it('when working-hours-only is off, then hours are ignored even if given', () => {
    const r = notificationSendTime({ ...base, eventAt: at('2024-06-08T03:00:00Z'), workingHours: weekdays });
    expect(r.deferred).toBe(false);
  });

  it('when a 1-day delay crosses the New York spring-forward, then it keeps the wall time before deferring', () => {
    // Sat 2024-03-09 20:00 EST + 1 day = Sun 20:00 EDT (00:00Z Mon) -> Mon 09:00 EDT (13:00Z).
    const r = notificationSendTime({
      eventAt: at('2024-03-10T01:00:00Z'),
      delay: days(1),
      workingHoursOnly: true,
      workingHours: weekdays,
      timezone: 'America/New_York',
    });
    expect(r).toEqual({ sendAt: at('2024-03-11T13:00:00Z'), deferred: true });
  });

  it('when the location is never open (refused by the API, but possible in a race), then the send goes at its time instead of never', () => {
    for (const workingHours of [closed, null]) {
      expect(
        notificationSendTime({
          ...base,
          eventAt: at('2024-06-03T10:00:00Z'),
          delay: { value: 1, unit: 'hours' },
          workingHoursOnly: true,
          workingHours,
        }),
      ).toEqual({ sendAt: at('2024-06-03T11:00:00Z'), deferred: false });
    }
  });
});
