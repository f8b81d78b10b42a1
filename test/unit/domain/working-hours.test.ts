import { isOpenAt, nextOpening } from '../../../src/domain/working-hours';
import type { Weekday, WorkingHours } from '../../../src/domain/types';

/** Build working hours from compact `[['09:00','18:00'], ...]` per day. */
function hours(days: Partial<Record<Weekday, [string, string][]>>): WorkingHours {
  const wh: WorkingHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  for (const [day, list] of Object.entries(days) as [Weekday, [string, string][]][]) {
    wh[day] = list.map(([from, to]) => ({ from, to }));
  }
  return wh;
}

const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const weekdays9to18 = hours({
  mon: [['09:00', '18:00']],
  tue: [['09:00', '18:00']],
  wed: [['09:00', '18:00']],
  thu: [['09:00', '18:00']],
  fri: [['09:00', '18:00']],
});

// Calendar anchors: 2024-06-03 is a Monday.
describe('isOpenAt', () => {
  it('when the instant is inside an interval in UTC, then it is open', () => {
    expect(isOpenAt(weekdays9to18, 'UTC', at('2024-06-03T12:00:00Z'))).toBe(true);
  });

  it('when the instant is exactly at from, then it is open; exactly at to, then closed ([from, to))', () => {
    expect(isOpenAt(weekdays9to18, 'UTC', at('2024-06-03T09:00:00Z'))).toBe(true);
    expect(isOpenAt(weekdays9to18, 'UTC', at('2024-06-03T17:59:59.999Z'))).toBe(true);
    expect(isOpenAt(weekdays9to18, 'UTC', at('2024-06-03T18:00:00Z'))).toBe(false);
    expect(isOpenAt(weekdays9to18, 'UTC', at('2024-06-03T08:59:59.999Z'))).toBe(false);
  });

  it('when the day has no intervals (weekend), then it is closed', () => {
    expect(isOpenAt(weekdays9to18, 'UTC', at('2024-06-08T12:00:00Z'))).toBe(false);
  });

  it('when the location is in Europe/Berlin, then the local wall clock decides (CEST in summer, CET in winter)', () => {
    expect(isOpenAt(weekdays9to18, 'Europe/Berlin', at('2024-06-03T07:00:00Z'))).toBe(true); // 09:00 CEST
    expect(isOpenAt(weekdays9to18, 'Europe/Berlin', at('2024-06-03T06:59:00Z'))).toBe(false);
    expect(isOpenAt(weekdays9to18, 'Europe/Berlin', at('2024-01-08T07:30:00Z'))).toBe(false); // 08:30 CET
    expect(isOpenAt(weekdays9to18, 'Europe/Berlin', at('2024-01-08T08:00:00Z'))).toBe(true); // 09:00 CET
  });

  it('when the UTC date differs from the local date, then the local weekday is used (Kyiv Monday 01:00 = Sunday 22:00Z)', () => {
    const mondayNight = hours({ mon: [['00:00', '02:00']] });
    expect(isOpenAt(mondayNight, 'Europe/Kyiv', at('2024-06-02T22:00:00Z'))).toBe(true);
    expect(isOpenAt(mondayNight, 'UTC', at('2024-06-02T22:00:00Z'))).toBe(false);
  });

  it('when an interval ends at 24:00, then the last instant before midnight is open and midnight is closed', () => {
    const evening = hours({ mon: [['20:00', '24:00']] });
    expect(isOpenAt(evening, 'UTC', at('2024-06-03T23:59:59.999Z'))).toBe(true);
    expect(isOpenAt(evening, 'UTC', at('2024-06-04T00:00:00Z'))).toBe(false);
  });

  it('when the zone is not a valid IANA zone, then it throws', () => {
    expect(() => isOpenAt(weekdays9to18, 'Mars/Olympus', at('2024-06-03T12:00:00Z'))).toThrow(RangeError);
  });
});

describe('nextOpening', () => {
  it('when already open, then the instant itself is returned', () => {
    expect(iso(nextOpening(weekdays9to18, 'UTC', at('2024-06-03T10:15:30Z')))).toBe(
      '2024-06-03T10:15:30.000Z',
    );
  });

  it('when before opening on an open day, then the same day opening is returned', () => {
    expect(iso(nextOpening(weekdays9to18, 'UTC', at('2024-06-03T06:00:00Z')))).toBe(
      '2024-06-03T09:00:00.000Z',
    );
  });

  it('when after closing, then the next day opening is returned', () => {
    expect(iso(nextOpening(weekdays9to18, 'UTC', at('2024-06-03T18:00:00Z')))).toBe(
      '2024-06-04T09:00:00.000Z',
    );
  });

  it('when Friday evening, then the weekend is skipped to Monday opening', () => {
    expect(iso(nextOpening(weekdays9to18, 'UTC', at('2024-06-07T19:00:00Z')))).toBe(
      '2024-06-10T09:00:00.000Z',
    );
  });

  it('when in the lunch break between two intervals, then the afternoon interval is returned', () => {
    const split = hours({
      mon: [
        ['09:00', '12:00'],
        ['13:00', '18:00'],
      ],
    });
    expect(iso(nextOpening(split, 'UTC', at('2024-06-03T12:30:00Z')))).toBe('2024-06-03T13:00:00.000Z');
  });

  it('when intervals are listed out of order, then the earliest upcoming one wins', () => {
    const split = hours({
      mon: [
        ['13:00', '18:00'],
        ['09:00', '12:00'],
      ],
    });
    expect(iso(nextOpening(split, 'UTC', at('2024-06-03T07:00:00Z')))).toBe('2024-06-03T09:00:00.000Z');
  });

  it('when exactly at the joint of touching intervals, then it is open', () => {
    const touching = hours({
      mon: [
        ['09:00', '12:00'],
        ['12:00', '18:00'],
      ],
    });
    expect(iso(nextOpening(touching, 'UTC', at('2024-06-03T12:00:00Z')))).toBe('2024-06-03T12:00:00.000Z');
  });

  it('when open until 24:00 and again from 00:00, then midnight is open', () => {
    const overnight = hours({ mon: [['20:00', '24:00']], tue: [['00:00', '02:00']] });
    expect(iso(nextOpening(overnight, 'UTC', at('2024-06-04T00:00:00Z')))).toBe('2024-06-04T00:00:00.000Z');
  });

  it('when an interval ends at 24:00 and the next day is closed, then midnight rolls to the next opening', () => {
    const evening = hours({ mon: [['20:00', '24:00']] });
    expect(iso(nextOpening(evening, 'UTC', at('2024-06-04T00:00:00Z')))).toBe('2024-06-10T20:00:00.000Z');
  });

  it('when the only opening was earlier the same weekday, then it is a week later', () => {
    const mondayMorning = hours({ mon: [['09:00', '10:00']] });
    expect(iso(nextOpening(mondayMorning, 'UTC', at('2024-06-03T10:00:00Z')))).toBe(
      '2024-06-10T09:00:00.000Z',
    );
  });

  it('when every day is closed, then null', () => {
    expect(nextOpening(hours({}), 'Europe/Berlin', at('2024-06-03T10:00:00Z'))).toBeNull();
  });

  it('when the location is in Kyiv, then the local opening is converted to UTC', () => {
    // 09:00 EEST (UTC+3) on Monday.
    expect(iso(nextOpening(weekdays9to18, 'Europe/Kyiv', at('2024-06-03T03:00:00Z')))).toBe(
      '2024-06-03T06:00:00.000Z',
    );
  });

  it('when the search crosses a weekend with a DST change (New York), then Monday 09:00 uses the new offset', () => {
    // Sat 2024-03-09 12:00 EST; DST starts Sun 2024-03-10; Mon 09:00 EDT = 13:00Z (not 14:00Z).
    expect(iso(nextOpening(weekdays9to18, 'America/New_York', at('2024-03-09T17:00:00Z')))).toBe(
      '2024-03-11T13:00:00.000Z',
    );
  });

  it('when the search crosses the autumn change (Berlin), then Monday 09:00 uses CET', () => {
    // Sat 2024-10-26 12:00 CEST; DST ends Sun 2024-10-27; Mon 09:00 CET = 08:00Z.
    expect(iso(nextOpening(weekdays9to18, 'Europe/Berlin', at('2024-10-26T10:00:00Z')))).toBe(
      '2024-10-28T08:00:00.000Z',
    );
  });

  describe('spring-forward (opening at a wall time that does not exist)', () => {
    it('when Berlin opens at 02:30 on the DST day, then it opens at 03:00 CEST (01:00Z)', () => {
      const sunday = hours({ sun: [['02:30', '05:00']] });
      expect(iso(nextOpening(sunday, 'Europe/Berlin', at('2024-03-30T20:00:00Z')))).toBe(
        '2024-03-31T01:00:00.000Z',
      );
    });

    it('when New York opens at 02:30 on the DST day, then it opens at 03:00 EDT (07:00Z)', () => {
      const sunday = hours({ sun: [['02:30', '06:00']] });
      expect(iso(nextOpening(sunday, 'America/New_York', at('2024-03-10T05:00:00Z')))).toBe(
        '2024-03-10T07:00:00.000Z',
      );
    });

    it('when Kyiv opens at 03:15 on the DST day (gap 03:00-04:00), then it opens at 04:00 EEST (01:00Z)', () => {
      const sunday = hours({ sun: [['03:15', '09:00']] });
      expect(iso(nextOpening(sunday, 'Europe/Kyiv', at('2024-03-30T22:00:00Z')))).toBe(
        '2024-03-31T01:00:00.000Z',
      );
    });

    it('when the whole interval lies inside the gap, then that day is skipped (it never opens)', () => {
      const sunday = hours({ sun: [['02:00', '02:45']] });
      // Next Sunday 02:00 CEST = 00:00Z.
      expect(iso(nextOpening(sunday, 'Europe/Berlin', at('2024-03-30T20:00:00Z')))).toBe(
        '2024-04-07T00:00:00.000Z',
      );
    });

    it('when the query instant is right after the jump, then the location is already open', () => {
      const sunday = hours({ sun: [['02:30', '05:00']] });
      expect(iso(nextOpening(sunday, 'Europe/Berlin', at('2024-03-31T01:10:00Z')))).toBe(
        '2024-03-31T01:10:00.000Z',
      );
      expect(isOpenAt(sunday, 'Europe/Berlin', at('2024-03-31T00:59:59Z'))).toBe(false); // 01:59:59 CET
    });

    it('when local midnight does not exist (Santiago, Sunday 00:00 -> 01:00), then Sunday opens at 01:00 -03 (04:00Z)', () => {
      const sunday = hours({ sun: [['00:00', '10:00']] });
      expect(iso(nextOpening(sunday, 'America/Santiago', at('2024-09-07T20:00:00Z')))).toBe(
        '2024-09-08T04:00:00.000Z',
      );
    });
  });

  describe('fall-back (opening at an ambiguous wall time)', () => {
    it('when New York opens at 01:30 on the fall-back day, then the earlier 01:30 (EDT, 05:30Z) is used', () => {
      const sunday = hours({ sun: [['01:30', '03:00']] });
      expect(iso(nextOpening(sunday, 'America/New_York', at('2024-11-03T03:00:00Z')))).toBe(
        '2024-11-03T05:30:00.000Z',
      );
    });

    it('when Berlin opens at 02:30 on the fall-back day, then the earlier 02:30 (CEST, 00:30Z) is used', () => {
      const sunday = hours({ sun: [['02:30', '04:00']] });
      expect(iso(nextOpening(sunday, 'Europe/Berlin', at('2024-10-26T22:00:00Z')))).toBe(
        '2024-10-27T00:30:00.000Z',
      );
    });

    it('when asked between the two occurrences of 01:30 (at 01:10 EST), then the second 01:30 (EST, 06:30Z) is next', () => {
      const sunday = hours({ sun: [['01:30', '03:00']] });
      expect(isOpenAt(sunday, 'America/New_York', at('2024-11-03T06:10:00Z'))).toBe(false);
      expect(iso(nextOpening(sunday, 'America/New_York', at('2024-11-03T06:10:00Z')))).toBe(
        '2024-11-03T06:30:00.000Z',
      );
    });

    it('when the clock falls back into an interval, then it reopens at the transition instant', () => {
      // [00:30, 01:45): closes at 01:45 EDT (05:45Z); at 06:00Z the clock shows 01:00 EST again.
      const sunday = hours({ sun: [['00:30', '01:45']] });
      expect(iso(nextOpening(sunday, 'America/New_York', at('2024-11-03T05:50:00Z')))).toBe(
        '2024-11-03T06:00:00.000Z',
      );
    });
  });

  it('when the zone is invalid, then it throws', () => {
    expect(() => nextOpening(weekdays9to18, 'Not/AZone', at('2024-06-03T12:00:00Z'))).toThrow(RangeError);
  });

  describe('agrees with a brute-force minute scan around DST changes', () => {
    const quirky = hours({
      mon: [
        ['09:00', '12:00'],
        ['12:00', '18:00'],
      ],
      wed: [['22:00', '24:00']],
      thu: [['00:00', '01:00']],
      sat: [['10:05', '10:20']],
      sun: [
        ['00:30', '01:45'],
        ['02:15', '03:30'],
        ['23:55', '24:00'],
      ],
    });
    const STEP = 5 * 60_000; // all boundaries are on 5-minute marks, so a 5-minute scan is exact

    function bruteForce(wh: WorkingHours, zone: string, start: number): number | null {
      for (let t = start; t <= start + 8 * 86_400_000; t += STEP)
        if (isOpenAt(wh, zone, new Date(t))) return t;
      return null;
    }

    it.each([
      ['America/New_York', '2024-03-09T00:00:00Z'],
      ['America/New_York', '2024-11-02T00:00:00Z'],
      ['Europe/Berlin', '2024-03-30T00:00:00Z'],
      ['Europe/Berlin', '2024-10-26T00:00:00Z'],
      ['Europe/Kyiv', '2024-10-26T00:00:00Z'],
      ['UTC', '2024-06-01T00:00:00Z'],
    ])('when scanning %s from %s in 55-minute hops, then every answer matches', (zone, from) => {
      const base = Date.parse(from);
      for (let t = base; t < base + 3 * 86_400_000; t += 55 * 60_000) {
        expect([
          new Date(t).toISOString(),
          nextOpening(quirky, zone, new Date(t))?.getTime() ?? null,
        ]).toEqual([new Date(t).toISOString(), bruteForce(quirky, zone, t)]);
      }
    });
  });
});
