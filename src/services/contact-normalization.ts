import { normalizeEmail, normalizePhone } from '../domain/normalization';
import { invalidField } from '../errors/app-error';

/** Normalizes a request's phone to E.164 (422 naming the field when it cannot be parsed). */
export function phoneOrThrow(
  value: string | null | undefined,
  defaultCountry: string | null,
  path = ['phone'],
) {
  if (value === undefined) return undefined;
  if (value === null || value.trim() === '') return null;
  const result = normalizePhone(value, defaultCountry);
  if (result.ok) return result.value;
  const message =
    result.error === 'country_required'
      ? 'national number needs the company defaultCountry setting, or write it as +<country code>…'
      : 'not a valid phone number';
  throw invalidField(path, message, { code: result.error });
}

export function emailOrThrow(value: string | null | undefined, path = ['email']) {
  if (value === undefined) return undefined;
  if (value === null || value.trim() === '') return null;
  const result = normalizeEmail(value);
  if (result.ok) return result.value;
  throw invalidField(path, 'not a valid email address', { code: result.error });
}
