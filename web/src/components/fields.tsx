import { useId, type ReactNode } from 'react';
import { ApiFailure } from '../api/errors';

interface FieldProps {
  label: string;
  error?: ReactNode;
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}

/** A labelled control with its hint and the API's message for it underneath. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': described || undefined })}
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

export function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  hint?: ReactNode;
  type?: string;
  required?: boolean;
  placeholder?: string;
  multiline?: boolean;
  rows?: number;
  list?: string;
}) {
  const {
    label,
    value,
    onChange,
    error,
    hint,
    type = 'text',
    required,
    placeholder,
    multiline,
    rows,
    list,
  } = props;
  return (
    <Field label={label} error={error} hint={hint}>
      {(a) =>
        multiline ? (
          <textarea
            {...a}
            value={value}
            rows={rows ?? 4}
            required={required}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <input
            {...a}
            type={type}
            value={value}
            required={required}
            placeholder={placeholder}
            list={list}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}

export function SelectField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  error?: ReactNode;
  placeholder?: string;
}) {
  const { label, value, onChange, options, error, placeholder } = props;
  return (
    <Field label={label} error={error}>
      {(a) => (
        <select {...a} value={value} onChange={(e) => onChange(e.target.value)}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Checkbox(props: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  switch?: boolean;
  disabled?: boolean;
}) {
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        role={props.switch ? 'switch' : undefined}
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <span>{props.label}</span>
    </label>
  );
}

/** The API's answer to a failed request, for everything not shown next to a field. */
export function FormError({ error }: { error?: unknown }) {
  if (!error) return null;
  const message = error instanceof ApiFailure ? error.error.message : (error as Error).message;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="muted">
      Loading {what}…
    </p>
  );
}

export function LoadFailed({ error }: { error: Error }) {
  return (
    <p role="alert" className="form-error">
      Could not load: {error.message}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** Shown for a moment after a save, announced to screen readers. */
export function Saved({ show, children = 'Saved.' }: { show: boolean; children?: ReactNode }) {
  return (
    <p role="status" className="saved">
      {show ? children : ''}
    </p>
  );
}
