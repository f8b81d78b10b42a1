import type { WorkingHours } from '../api/client';

export const WEEKDAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
] as const;
type Day = (typeof WEEKDAYS)[number][0];

export const emptyWeek = (): WorkingHours => ({
  mon: [],
  tue: [],
  wed: [],
  thu: [],
  fri: [],
  sat: [],
  sun: [],
});

/**
 * The weekly hours: any number of `[from, to)` intervals a day ("24:00" closes at midnight), a day with
 * none is closed. Text inputs, not time pickers: a time picker cannot say 24:00.
 */
export function WorkingHoursEditor(props: {
  value: WorkingHours;
  onChange: (value: WorkingHours) => void;
  errorFor: (path: string) => string | undefined;
}) {
  const { value, onChange, errorFor } = props;
  const setDay = (day: Day, intervals: { from: string; to: string }[]) =>
    onChange({ ...value, [day]: intervals });
  const copyMondayToWeekdays = () =>
    onChange({ ...value, tue: value.mon, wed: value.mon, thu: value.mon, fri: value.mon });

  return (
    <fieldset className="hours">
      <legend>Working hours</legend>
      <p className="hint">
        From–to in the location’s time zone, HH:MM; “24:00” means until midnight. No hours: closed.
      </p>
      {WEEKDAYS.map(([day, name]) => {
        const intervals = value[day] ?? [];
        const dayError = errorFor(`workingHours.${day}`);
        return (
          <div key={day} className="day" role="group" aria-label={name}>
            <span className="day-name">{name}</span>
            <div className="intervals">
              {intervals.length === 0 && <span className="muted">Closed</span>}
              {intervals.map((interval, i) => (
                <span key={i} className="interval">
                  <label>
                    <span className="sr-only">{`${name} ${i + 1} from`}</span>
                    <input
                      aria-label={`${name} ${i + 1} from`}
                      value={interval.from}
                      size={5}
                      inputMode="numeric"
                      pattern="[0-2][0-9]:[0-5][0-9]"
                      onChange={(e) =>
                        setDay(
                          day,
                          intervals.map((iv, j) => (j === i ? { ...iv, from: e.target.value } : iv)),
                        )
                      }
                    />
                  </label>
                  –
                  <label>
                    <span className="sr-only">{`${name} ${i + 1} to`}</span>
                    <input
                      aria-label={`${name} ${i + 1} to`}
                      value={interval.to}
                      size={5}
                      inputMode="numeric"
                      pattern="[0-2][0-9]:[0-5][0-9]"
                      onChange={(e) =>
                        setDay(
                          day,
                          intervals.map((iv, j) => (j === i ? { ...iv, to: e.target.value } : iv)),
                        )
                      }
                    />
                  </label>
                  <button
                    type="button"
                    className="link"
                    aria-label={`Remove ${name} ${i + 1}`}
                    onClick={() =>
                      setDay(
                        day,
                        intervals.filter((_, j) => j !== i),
                      )
                    }
                  >
                    Remove
                  </button>
                </span>
              ))}
              <button
                type="button"
                className="link"
                onClick={() =>
                  setDay(day, [
                    ...intervals,
                    intervals.length ? { from: '14:00', to: '18:00' } : { from: '09:00', to: '18:00' },
                  ])
                }
              >
                Add hours on {name}
              </button>
            </div>
            {dayError && (
              <small className="field-error" role="alert">
                {name}: {dayError}
              </small>
            )}
          </div>
        );
      })}
      <button type="button" className="secondary" onClick={copyMondayToWeekdays}>
        Copy Monday to Tuesday–Friday
      </button>
    </fieldset>
  );
}
