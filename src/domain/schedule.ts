/**
 * When a notification or reminder goes out.
 *
 * Minutes and hours are absolute elapsed time. Days are calendar days in the location's zone, so a
 * "1 day before" reminder for a 10:00 appointment fires at 10:00 the day before even across DST.
 */
import { DURATION_UNITS, type Duration, type WorkingHours } from './types';
import { hasAnyOpenInterval, nextOpening } from './working-hours';
import { DAY_MS, HOUR_MS, MINUTE_MS, toWall, wallToInstant, zoneOf } from './zoned-time';

const UNIT_MS = { minutes: MINUTE_MS, hours: HOUR_MS, days: DAY_MS } as const;

/** A usable duration: a non-negative whole number of a known unit. */
export function isValidDuration(d: unknown): d is Duration {
  if (typeof d !== 'object' || d === null) return false;
  const { value, unit } = d as Partial<Duration>;
  return (
    typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    value >= 0 &&
    (DURATION_UNITS as readonly unknown[]).includes(unit)
  );
}

function assertDuration(d: Duration): void {
  if (!isValidDuration(d)) throw new RangeError(`Invalid duration: ${JSON.stringify(d)}`);
}

/** Absolute length, treating a day as 24h. For display/limits only; scheduling uses addDuration. */
export function durationToMillis(d: Duration): number {
  assertDuration(d);
  return d.value * UNIT_MS[d.unit];
}

/**
 * instant + d. Days keep the local time of day in `timezone`; if that wall time does not exist on
 * the target day the first valid instant after it is used, if it is ambiguous the earlier one.
 */
export function addDuration(instant: Date, d: Duration, timezone: string): Date {
  return shift(instant, d, timezone, 1);
}

export function subtractDuration(instant: Date, d: Duration, timezone: string): Date {
  return shift(instant, d, timezone, -1);
}

function shift(instant: Date, d: Duration, timezone: string, sign: 1 | -1): Date {
  assertDuration(d);
  const zone = zoneOf(timezone); // validated for every unit so a bad zone never slips through
  if (d.unit !== 'days') return new Date(instant.getTime() + sign * d.value * UNIT_MS[d.unit]);
  const wall = toWall(zone, instant.getTime()) + sign * d.value * DAY_MS;
  return new Date(wallToInstant(zone, wall));
}

export interface SendTimeInput {
  eventAt: Date;
  delay: Duration | null;
  /** A debounce hold: the send waits at least this long after the event (the longer of it and the delay). */
  hold?: Duration | null;
  workingHoursOnly: boolean;
  /** The location's hours; may be null when workingHoursOnly is false (e.g. lead rules). */
  workingHours: WorkingHours | null;
  timezone: string;
}

/** eventAt + the longer of the delay and the debounce hold: when the send would go without working hours. */
export function earliestSendTime(
  input: Pick<SendTimeInput, 'eventAt' | 'delay' | 'hold' | 'timezone'>,
): Date {
  const { eventAt, timezone } = input;
  const ends = [input.delay, input.hold].map((d) => (d ? addDuration(eventAt, d, timezone).getTime() : 0));
  return new Date(Math.max(eventAt.getTime(), ...ends));
}

/**
 * eventAt + delay (or the debounce hold, when longer), then (if workingHoursOnly) moved to the next
 * opening. `deferred` tells the caller to record `outside_working_hours` on the scheduled entry.
 * Throws when the location is never open: the API refuses such rules, so reaching it is a bug.
 */
export function notificationSendTime(input: SendTimeInput): { sendAt: Date; deferred: boolean } {
  const { workingHoursOnly, workingHours, timezone } = input;
  const due = earliestSendTime(input);
  // The API refuses workingHoursOnly on a location that never opens; should one slip through anyway (hours
  // edited in a race), the send goes at its time: waiting forever would stall the whole order.
  if (!workingHoursOnly || !workingHours || !hasAnyOpenInterval(workingHours)) {
    return { sendAt: due, deferred: false };
  }
  const open = nextOpening(workingHours, timezone, due);
  if (!open) throw new Error(`No opening within the search window after ${due.toISOString()}`);
  return { sendAt: open, deferred: open.getTime() > due.getTime() };
}

/** dueDate - remindBefore, days counted on the location's calendar. */
export function reminderTime(dueDate: Date, remindBefore: Duration, timezone: string): Date {
  return subtractDuration(dueDate, remindBefore, timezone);
}
