import { useState, type FormEvent } from 'react';
import type { Location, WorkingHours } from '../api/client';
import { FormError, TextField } from './fields';
import { TimeZonePicker } from './time-zone-picker';
import type { useSubmit } from './use-form';
import { emptyWeek, WorkingHoursEditor } from './working-hours-editor';

export interface LocationInput {
  name: string;
  timezone: string;
  address: string | null;
  phone: string | null;
  workingHours: WorkingHours;
}

export function LocationForm(props: {
  initial?: Location;
  submitLabel: string;
  form: ReturnType<typeof useSubmit>;
  onSubmit: (input: LocationInput) => void;
}) {
  const { initial, form } = props;
  const [name, setName] = useState(initial?.name ?? '');
  const [timezone, setTimezone] = useState(
    initial?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  const [address, setAddress] = useState(initial?.address ?? '');
  const [phone, setPhone] = useState(initial?.phone ?? '');
  const [hours, setHours] = useState<WorkingHours>(initial?.workingHours ?? emptyWeek());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit({
      name,
      timezone: timezone.trim(),
      address: address.trim() || null,
      phone: phone.trim() || null,
      workingHours: hours,
    });
  };
  return (
    <form onSubmit={submit} aria-label={props.submitLabel} className="card">
      <TextField label="Name" value={name} onChange={setName} required error={form.fieldError('name')} />
      <TimeZonePicker value={timezone} onChange={setTimezone} error={form.fieldError('timezone')} />
      <TextField label="Address" value={address} onChange={setAddress} error={form.fieldError('address')} />
      <TextField label="Phone" value={phone} onChange={setPhone} error={form.fieldError('phone')} />
      <WorkingHoursEditor value={hours} onChange={setHours} errorFor={form.fieldError} />
      <FormError error={form.unshown(['name', 'timezone', 'address', 'phone', 'workingHours'])} />
      <button type="submit" disabled={form.busy}>
        {props.submitLabel}
      </button>
    </form>
  );
}
