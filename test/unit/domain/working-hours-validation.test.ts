import { hasAnyOpenInterval, validateWorkingHours } from '../../../src/domain/working-hours';
import type { WorkingHours } from '../../../src/domain/types';

const closedWeek: WorkingHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

function issuesOf(input: unknown) {
  const r = validateWorkingHours(input);
  if (r.ok) throw new Error('expected validation to fail');
  return r.issues;
}

describe('validateWorkingHours', () => {
  it('when every weekday has valid intervals, then it returns them unchanged', () => {
    const wh = {
      mon: [{ from: '09:00', to: '18:00' }],
      tue: [
        { from: '09:00', to: '12:00' },
        { from: '13:00', to: '18:00' },
      ],
      wed: [{ from: '00:00', to: '24:00' }],
      thu: [],
      fri: [{ from: '08:30', to: '17:45' }],
      sat: [{ from: '10:00', to: '14:00' }],
      sun: [],
    };
    expect(validateWorkingHours(wh)).toEqual({ ok: true, value: wh });
  });

  it('when weekdays are missing or null, then they are closed and all seven keys are returned', () => {
    expect(validateWorkingHours({ mon: [{ from: '09:00', to: '17:00' }], sun: null })).toEqual({
      ok: true,
      value: { ...closedWeek, mon: [{ from: '09:00', to: '17:00' }] },
    });
    expect(validateWorkingHours({})).toEqual({ ok: true, value: closedWeek });
  });

  it('when intervals touch ([09:00,12:00) + [12:00,18:00)), then they are accepted', () => {
    const r = validateWorkingHours({
      mon: [
        { from: '09:00', to: '12:00' },
        { from: '12:00', to: '18:00' },
      ],
    });
    expect(r.ok).toBe(true);
  });

  it('when an interval ends at 24:00 and the next day starts at 00:00, then both are accepted', () => {
    const r = validateWorkingHours({
      fri: [{ from: '20:00', to: '24:00' }],
      sat: [{ from: '00:00', to: '02:00' }],
    });
    expect(r.ok).toBe(true);
  });

  it('when intervals are given out of order without overlap, then the input order is kept', () => {
    const r = validateWorkingHours({
      mon: [
        { from: '13:00', to: '18:00' },
        { from: '09:00', to: '12:00' },
      ],
    });
    expect(r.ok && r.value.mon).toEqual([
      { from: '13:00', to: '18:00' },
      { from: '09:00', to: '12:00' },
    ]);
  });

  it('when two intervals overlap, then the later-starting one is reported with its path', () => {
    const issues = issuesOf({
      mon: [
        { from: '09:00', to: '13:00' },
        { from: '12:00', to: '18:00' },
      ],
    });
    expect(issues).toEqual([{ path: ['mon', 1], message: expect.stringMatching(/overlaps interval 0/i) }]);
  });

  it('when an interval is contained in an earlier long one, then the overlap is still caught', () => {
    const issues = issuesOf({
      tue: [
        { from: '08:00', to: '20:00' },
        { from: '09:00', to: '10:00' },
        { from: '12:00', to: '13:00' },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual([
      ['tue', 1],
      ['tue', 2],
    ]);
  });

  it('when overlapping intervals are listed out of order, then the overlap is reported at the original index', () => {
    const issues = issuesOf({
      wed: [
        { from: '12:00', to: '18:00' },
        { from: '09:00', to: '12:30' },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual([['wed', 0]]);
  });

  it('when the same interval is listed twice, then it is an overlap', () => {
    const issues = issuesOf({
      thu: [
        { from: '09:00', to: '10:00' },
        { from: '09:00', to: '10:00' },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual([['thu', 1]]);
  });

  it('when an interval crosses midnight (22:00-02:00), then "to" is refused with a hint to split', () => {
    const issues = issuesOf({ fri: [{ from: '22:00', to: '02:00' }] });
    expect(issues).toEqual([{ path: ['fri', 0, 'to'], message: expect.stringMatching(/midnight/) }]);
  });

  it('when from equals to, then the empty interval is refused', () => {
    expect(issuesOf({ mon: [{ from: '09:00', to: '09:00' }] }).map((i) => i.path)).toEqual([
      ['mon', 0, 'to'],
    ]);
  });

  it('when to is 00:00, then it is refused (use 24:00 for end of day)', () => {
    expect(issuesOf({ mon: [{ from: '18:00', to: '00:00' }] }).map((i) => i.path)).toEqual([
      ['mon', 0, 'to'],
    ]);
  });

  it.each([
    ['9:00', '17:00', ['mon', 0, 'from']],
    ['09:00', '25:00', ['mon', 0, 'to']],
    ['24:00', '24:00', ['mon', 0, 'from']],
    ['09:60', '17:00', ['mon', 0, 'from']],
    ['09:00', '24:01', ['mon', 0, 'to']],
    ['09:00:00', '17:00', ['mon', 0, 'from']],
    [' 09:00', '17:00', ['mon', 0, 'from']],
  ])('when from=%j and to=%j, then the malformed field is reported', (from, to, path) => {
    expect(issuesOf({ mon: [{ from, to }] }).map((i) => i.path)).toEqual([path]);
  });

  it('when from/to are missing or not strings, then each field is reported (e.g. [mon, 1, to])', () => {
    const issues = issuesOf({
      mon: [{ from: '08:00', to: '09:00' }, { from: '10:00' }, { from: 900, to: '11:00' }],
    });
    expect(issues.map((i) => i.path)).toEqual([
      ['mon', 1, 'to'],
      ['mon', 2, 'from'],
    ]);
  });

  it('when an interval has an unknown field, then it is refused', () => {
    expect(issuesOf({ mon: [{ from: '09:00', to: '10:00', note: 'x' }] }).map((i) => i.path)).toEqual([
      ['mon', 0, 'note'],
    ]);
  });

  it('when a weekday key is unknown (e.g. "monday"), then it is refused', () => {
    const issues = issuesOf({ monday: [{ from: '09:00', to: '10:00' }], mon: [] });
    expect(issues).toEqual([{ path: ['monday'], message: expect.stringContaining('Unknown weekday') }]);
  });

  it('when a weekday is not an array or an interval is not an object, then the path points at it', () => {
    const issues = issuesOf({ mon: { from: '09:00', to: '10:00' }, tue: ['09:00-10:00', null] });
    expect(issues.map((i) => i.path)).toEqual([['mon'], ['tue', 0], ['tue', 1]]);
  });

  it.each([[null], [[]], ['mon 9-5'], [42]])(
    'when the input is %j, then it is refused at the root',
    (input) => {
      expect(issuesOf(input).map((i) => i.path)).toEqual([[]]);
    },
  );

  it('when several days are wrong, then every issue is reported at once', () => {
    const issues = issuesOf({
      mon: [{ from: '18:00', to: '09:00' }],
      sat: [
        { from: '10:00', to: '12:00' },
        { from: '11:00', to: '13:00' },
      ],
      xyz: [],
    });
    expect(issues.map((i) => i.path)).toEqual([['xyz'], ['mon', 0, 'to'], ['sat', 1]]);
  });
});

describe('hasAnyOpenInterval', () => {
  it('when every day is closed, then it is false', () => {
    expect(hasAnyOpenInterval(closedWeek)).toBe(false);
  });

  it('when only Sunday has an interval, then it is true', () => {
    expect(hasAnyOpenInterval({ ...closedWeek, sun: [{ from: '10:00', to: '11:00' }] })).toBe(true);
  });
});
