/**
 * Wall-clock <-> instant conversion in an IANA zone, with explicit DST rules.
 *
 * A "wall" value is the epoch-millisecond number of a local reading as if it were UTC
 * (e.g. 2024-03-31 02:30 in Berlin -> Date.UTC(2024, 2, 31, 2, 30)). Wall arithmetic has no DST,
 * so "same time tomorrow" is simply `wall + DAY_MS`.
 *
 * Rules (shared by working hours and reminders so both behave the same):
 *  - ambiguous wall time (fall-back) -> the earlier instant;
 *  - non-existent wall time (spring-forward gap) -> the first valid instant after it (the transition).
 */
import { IANAZone } from 'luxon';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Luxon's IANA zone over the runtime's tz data; throws on unknown zones so bad data fails loudly. */
export function zoneOf(timezone: string): IANAZone {
  const zone = IANAZone.create(timezone);
  if (!zone.isValid) throw new RangeError(`Invalid IANA time zone: ${timezone}`);
  return zone;
}

function offsetMs(zone: IANAZone, instantMs: number): number {
  return zone.offset(instantMs) * MINUTE_MS;
}

export function toWall(zone: IANAZone, instantMs: number): number {
  return instantMs + offsetMs(zone, instantMs);
}

/** Every instant whose local reading is `wallMs`: none in a gap, two in a fall-back overlap. */
export function wallToInstants(zone: IANAZone, wallMs: number): number[] {
  // Offsets in effect a day either side cover any single transition near this wall time.
  const offsets = new Set([
    offsetMs(zone, wallMs - DAY_MS),
    offsetMs(zone, wallMs),
    offsetMs(zone, wallMs + DAY_MS),
  ]);
  const instants: number[] = [];
  for (const off of offsets) {
    const t = wallMs - off;
    if (offsetMs(zone, t) === off && !instants.includes(t)) instants.push(t);
  }
  return instants.sort((a, b) => a - b);
}

/** The instant for a wall reading: earlier one if ambiguous, the gap's end if it does not exist. */
export function wallToInstant(zone: IANAZone, wallMs: number): number {
  const instants = wallToInstants(zone, wallMs);
  if (instants.length > 0) return instants[0]!;
  // In a gap: interpreting the wall with the offsets either side brackets the transition.
  const before = wallMs - offsetMs(zone, wallMs + DAY_MS); // later offset -> earlier instant
  const after = wallMs - offsetMs(zone, wallMs - DAY_MS); // earlier offset -> later instant
  return firstOffsetChange(zone, Math.min(before, after), Math.max(before, after));
}

/** Smallest t in (lo, hi] whose offset differs from offset(lo); requires offset(lo) !== offset(hi). */
function firstOffsetChange(zone: IANAZone, lo: number, hi: number): number {
  const start = offsetMs(zone, lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(zone, mid) === start) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Instants in [fromMs, toMs] where the zone's offset changes. Scans hourly: real zones never
 * change offset twice within an hour.
 */
export function offsetTransitions(zone: IANAZone, fromMs: number, toMs: number): number[] {
  const result: number[] = [];
  let prev = fromMs;
  let prevOffset = offsetMs(zone, prev);
  while (prev < toMs) {
    const next = Math.min(prev + HOUR_MS, toMs);
    const nextOffset = offsetMs(zone, next);
    if (nextOffset !== prevOffset) result.push(firstOffsetChange(zone, prev, next));
    prev = next;
    prevOffset = nextOffset;
  }
  return result;
}
