import { useState } from 'react';
import { ApiFailure } from '../api/errors';

/** A form's submit: runs the API call, keeps its failure, and exposes field messages by path. */
export function useSubmit() {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const fields = error instanceof ApiFailure ? error.fields : {};
  async function submit<T>(action: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(undefined);
    setDone(false);
    try {
      const result = await action();
      setDone(true);
      return result;
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  /** The message for a field path, or one that starts with it ("workingHours" → "workingHours.mon.0"). */
  const fieldError = (path: string) =>
    fields[path] ?? Object.entries(fields).find(([key]) => key.startsWith(`${path}.`))?.[1];
  const unshown = (shown: string[]) => (error && !shown.some((p) => fieldError(p)) ? error : undefined);
  return { submit, error, busy, done, fieldError, unshown, reset: () => setError(undefined) };
}
