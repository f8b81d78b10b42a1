/**
 * Canonical forms of contacts and location data, used for storage and duplicate detection.
 */
import { getCountries, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { IANAZone } from 'luxon';
import { z } from 'zod';

export type PhoneResult =
  { ok: true; value: string } | { ok: false; error: 'invalid_phone' | 'country_required' };

// Only phone-ish characters: we refuse text that merely contains a number ("call +1 ...").
const PHONE_CHARS = /^\+?[\d\s().\-/]+$/;

/**
 * To E.164. International input ("+...") needs no country; a national number needs the company's
 * `defaultCountry`. Uses full ("max") metadata so isValid() checks real number ranges, not just length.
 */
export function normalizePhone(input: string, defaultCountry: string | null): PhoneResult {
  const text = typeof input === 'string' ? input.trim() : '';
  if (!PHONE_CHARS.test(text) || !/\d/.test(text)) return { ok: false, error: 'invalid_phone' };
  const international = text.startsWith('+');
  // An unknown default country is treated like none: the number cannot be placed.
  const upper = typeof defaultCountry === 'string' ? defaultCountry.trim().toUpperCase() : '';
  const country = isValidCountry(upper) ? upper : null;
  if (!international && country === null) return { ok: false, error: 'country_required' };
  const phone = parsePhoneNumberFromString(text, {
    ...(country && isSupportedCountry(country) ? { defaultCountry: country } : {}),
    extract: false,
  });
  if (!phone || !phone.isValid()) return { ok: false, error: 'invalid_phone' };
  return { ok: true, value: phone.number };
}

export type EmailResult = { ok: true; value: string } | { ok: false; error: 'invalid_email' };

// RFC 5321 caps a forward-path at 254 characters.
export const emailSchema = z.email().max(254);

/** Trimmed and lower-cased (the product treats emails case-insensitively), then validated. */
export function normalizeEmail(input: string): EmailResult {
  const value = typeof input === 'string' ? input.trim().toLowerCase() : '';
  return emailSchema.safeParse(value).success ? { ok: true, value } : { ok: false, error: 'invalid_email' };
}

/**
 * IANA zone known to the runtime's tz data (luxon asks Intl.DateTimeFormat). Unlike
 * Intl.supportedValuesOf('timeZone'), this accepts canonical names and aliases such as UTC and
 * Europe/Kyiv. Fixed offsets like "+02:00" are refused: they are not IANA names.
 */
export function isValidTimeZone(zone: string): boolean {
  return typeof zone === 'string' && zone.trim() === zone && zone !== '' && IANAZone.isValidZone(zone);
}

/** Upper-case ISO 3166-1 alpha-2 code that libphonenumber has numbering data for. */
export function isValidCountry(code: string): boolean {
  return typeof code === 'string' && /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}

/** Countries accepted as `defaultCountry`, e.g. for an OpenAPI enum. */
export function supportedCountries(): string[] {
  return getCountries();
}
