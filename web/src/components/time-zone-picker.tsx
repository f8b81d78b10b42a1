import { TextField } from './fields';

// The runtime's list omits some valid aliases (UTC among them); the API accepts any IANA name.
const ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone')];

export function TimeZonePicker(props: { value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <>
      <TextField
        label="Time zone"
        value={props.value}
        onChange={props.onChange}
        error={props.error}
        hint="An IANA zone such as Europe/Kyiv; type to search."
        required
        list="time-zones"
      />
      <datalist id="time-zones">
        {ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
    </>
  );
}
