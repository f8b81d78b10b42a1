/**
 * Weekly working hours of a location: validation and "is it open / when does it open next".
 *
 * Intervals are `[from, to)` in the location's wall-clock time; `to` may be "24:00"; an interval never
 * crosses midnight; a missing or empty weekday is closed. Openness is decided on the wall clock, so
 * DST days behave like the clock on the shop's wall: a nonexistent opening time (spring-forward)
 * opens at the first valid instant after it, an ambiguous one (fall-back) at the earlier instant.
 */
import { WEEKDAYS, type Interval, type Weekday, type WorkingHours } from './types';
import { DAY_MS, MINUTE_MS, offsetTransitions, toWall, wallToInstants, zoneOf } from './zoned-time';

export interface ValidationIssue {
  path: (string | number)[];
  message: string;
}

export type WorkingHoursResult = { ok: true; value: WorkingHours } | { ok: false; issues: ValidationIssue[] };

const FROM_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const TO_RE = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const INTERVAL_KEYS = new Set(['from', 'to']);

/** Minutes since local midnight for "HH:MM" (24:00 -> 1440). Assumes validated input. */
export function parseClock(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isWeekday(key: string): key is Weekday {
  return (WEEKDAYS as readonly string[]).includes(key);
}

/** Validates untrusted input and returns all seven weekdays (missing or null -> closed). */
export function validateWorkingHours(wh: unknown): WorkingHoursResult {
  if (!isPlainObject(wh)) {
    return {
      ok: false,
      issues: [{ path: [], message: 'Expected an object keyed by weekday (mon..sun)' }],
    };
  }
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(wh)) {
    if (!isWeekday(key)) {
      issues.push({
        path: [key],
        message: `Unknown weekday "${key}"; expected one of ${WEEKDAYS.join(', ')}`,
      });
    }
  }
  const value = {} as WorkingHours;
  for (const day of WEEKDAYS) {
    value[day] = validateDay(day, wh[day], issues);
  }
  return issues.length === 0 ? { ok: true, value } : { ok: false, issues };
}

function validateDay(day: Weekday, raw: unknown, issues: ValidationIssue[]): Interval[] {
  // null is accepted as "closed" too: clients commonly serialize an empty day that way.
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    issues.push({ path: [day], message: 'Expected an array of {from, to} intervals' });
    return [];
  }
  const intervals: Interval[] = [];
  const parsed: { index: number; from: number; to: number; text: string }[] = [];
  raw.forEach((item: unknown, index) => {
    const interval = validateInterval(day, index, item, issues);
    if (!interval) return;
    intervals.push(interval);
    parsed.push({
      index,
      from: parseClock(interval.from),
      to: parseClock(interval.to),
      text: `${interval.from}-${interval.to}`,
    });
  });
  // Sorted sweep against the furthest-reaching interval so far catches containment too.
  parsed.sort((a, b) => a.from - b.from || a.index - b.index);
  let reach: (typeof parsed)[number] | undefined;
  for (const cur of parsed) {
    if (reach && cur.from < reach.to) {
      issues.push({
        path: [day, cur.index],
        message: `Overlaps interval ${reach.index} (${reach.text}) on ${day}`,
      });
    }
    if (!reach || cur.to > reach.to) reach = cur;
  }
  return intervals;
}

function validateInterval(
  day: Weekday,
  index: number,
  item: unknown,
  issues: ValidationIssue[],
): Interval | null {
  if (!isPlainObject(item)) {
    issues.push({ path: [day, index], message: 'Expected an interval {from: "HH:MM", to: "HH:MM"}' });
    return null;
  }
  let valid = true;
  for (const key of Object.keys(item)) {
    if (!INTERVAL_KEYS.has(key)) {
      issues.push({ path: [day, index, key], message: `Unknown field "${key}"; expected from and to` });
      valid = false;
    }
  }
  const { from, to } = item;
  if (typeof from !== 'string' || !FROM_RE.test(from)) {
    issues.push({ path: [day, index, 'from'], message: 'Expected "HH:MM" between 00:00 and 23:59' });
    valid = false;
  }
  if (typeof to !== 'string' || !TO_RE.test(to)) {
    issues.push({ path: [day, index, 'to'], message: 'Expected "HH:MM" between 00:01 and 24:00' });
    valid = false;
  }
  if (!valid) return null;
  const interval = { from: from as string, to: to as string };
  if (parseClock(interval.from) >= parseClock(interval.to)) {
    issues.push({
      path: [day, index, 'to'],
      message: 'Must be later than "from"; an interval cannot cross midnight (split it at 24:00)',
    });
    return null;
  }
  return interval;
}

/** False means a `workingHoursOnly` send would wait forever, so such rules are refused. */
export function hasAnyOpenInterval(wh: WorkingHours): boolean {
  return WEEKDAYS.some((day) => (wh[day] ?? []).length > 0);
}

/** Date.getUTCDay() order (Sunday first) mapped to our weekday keys. */
const BY_UTC_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function weekdayOfWall(wallMs: number): Weekday {
  return BY_UTC_DAY[new Date(wallMs).getUTCDay()]!;
}

function startOfWallDay(wallMs: number): number {
  return Math.floor(wallMs / DAY_MS) * DAY_MS;
}

function isOpenAtWall(wh: WorkingHours, wallMs: number): boolean {
  const minute = (wallMs - startOfWallDay(wallMs)) / MINUTE_MS; // fractional: 17:59:30 -> 1079.5
  return (wh[weekdayOfWall(wallMs)] ?? []).some(
    (iv) => parseClock(iv.from) <= minute && minute < parseClock(iv.to),
  );
}

export function isOpenAt(wh: WorkingHours, timezone: string, instant: Date): boolean {
  return isOpenAtWall(wh, toWall(zoneOf(timezone), instant.getTime()));
}

/** How far ahead nextOpening looks; a week plus slack for DST shifts. */
export const NEXT_OPENING_SEARCH_DAYS = 8;

/**
 * The first instant >= `instant` at which the location is open, or null if none within 8 days.
 *
 * Openness only begins where the wall clock reaches an interval's `from`, or where the clock jumps
 * (DST transition) into an interval. We collect those candidates and keep the earliest that is open
 * per isOpenAt, so the answer always agrees with isOpenAt, including on DST days.
 */
export function nextOpening(wh: WorkingHours, timezone: string, instant: Date): Date | null {
  const zone = zoneOf(timezone);
  const start = instant.getTime();
  const limit = start + NEXT_OPENING_SEARCH_DAYS * DAY_MS;

  const candidates: number[] = [start, ...offsetTransitions(zone, start, limit)];
  const firstDay = startOfWallDay(toWall(zone, start)) - DAY_MS;
  for (let day = firstDay; day <= firstDay + (NEXT_OPENING_SEARCH_DAYS + 2) * DAY_MS; day += DAY_MS) {
    for (const iv of wh[weekdayOfWall(day)] ?? []) {
      candidates.push(...wallToInstants(zone, day + parseClock(iv.from) * MINUTE_MS));
    }
  }

  let best: number | null = null;
  for (const t of candidates) {
    if (t < start || t > limit || (best !== null && t >= best)) continue;
    if (isOpenAtWall(wh, toWall(zone, t))) best = t;
  }
  return best === null ? null : new Date(best);
}
