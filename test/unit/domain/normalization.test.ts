import {
  isValidCountry,
  isValidTimeZone,
  normalizeEmail,
  normalizePhone,
  supportedCountries,
} from '../../../src/domain/normalization';

describe('normalizePhone', () => {
  it('when a Ukrainian national number is given with defaultCountry UA, then it becomes E.164', () => {
    expect(normalizePhone('050 123 4567', 'UA')).toEqual({ ok: true, value: '+380501234567' });
    expect(normalizePhone('(050) 123-45-67', 'UA')).toEqual({ ok: true, value: '+380501234567' });
  });

  it('when a national number is given without a default country, then country_required', () => {
    expect(normalizePhone('050 123 4567', null)).toEqual({ ok: false, error: 'country_required' });
  });

  it('when an international number is given, then no country is needed and formatting is stripped', () => {
    expect(normalizePhone('+1 415 555 2671', null)).toEqual({ ok: true, value: '+14155552671' });
    expect(normalizePhone('  +1 (415) 555-2671 ', 'UA')).toEqual({ ok: true, value: '+14155552671' });
  });

  it('when the same number is written nationally and internationally, then both normalize equally', () => {
    const a = normalizePhone('+380 50 123 45 67', null);
    const b = normalizePhone('0501234567', 'UA');
    expect(a).toEqual(b);
  });

  it('when the default country is lower-case, then it is still understood', () => {
    expect(normalizePhone('030 12345678', 'de')).toEqual({ ok: true, value: '+493012345678' });
  });

  it('when the default country is unknown, then a national number needs a country', () => {
    expect(normalizePhone('050 123 4567', 'ZZ')).toEqual({ ok: false, error: 'country_required' });
  });

  it.each([
    ['', 'UA'],
    ['abc', 'UA'],
    ['abc', null],
    ['+1 555', null],
    ['+1 555 555 0100', null], // reserved fictional range: not a valid number
    ['050 123', 'UA'],
    ['call +1 415 555 2671', null],
    ['+380 50 123 4567 890', null],
  ])('when the input is %j (country %j), then invalid_phone', (input, country) => {
    expect(normalizePhone(input, country)).toEqual({ ok: false, error: 'invalid_phone' });
  });
});

describe('normalizeEmail', () => {
  it('when the email has spaces and capitals, then it is trimmed and lower-cased', () => {
    expect(normalizeEmail('  Ann.Smith@Example.COM ')).toEqual({ ok: true, value: 'ann.smith@example.com' });
  });

  it('when the email uses plus addressing, then it is kept', () => {
    expect(normalizeEmail('ann+orders@example.co.uk')).toEqual({
      ok: true,
      value: 'ann+orders@example.co.uk',
    });
  });

  it.each([
    '',
    'ann',
    'ann@',
    '@example.com',
    'ann@example',
    'ann smith@example.com',
    'ann@@example.com',
    `${'a'.repeat(250)}@example.com`,
  ])('when the email is %j, then invalid_email', (input) => {
    expect(normalizeEmail(input)).toEqual({ ok: false, error: 'invalid_email' });
  });
});

describe('isValidTimeZone', () => {
  it.each([
    'UTC',
    'Europe/Kyiv',
    'Europe/Kiev',
    'Europe/Berlin',
    'America/New_York',
    'Etc/UTC',
    'Asia/Kolkata',
  ])('when the zone is %j, then it is valid', (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });

  it.each(['', 'Mars/Olympus', 'Europe/Kyyiv', '+02:00', ' UTC', 'Europe/'])(
    'when the zone is %j, then it is invalid',
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(false);
    },
  );
});

describe('isValidCountry', () => {
  it('when the code is a known upper-case alpha-2 code, then it is valid', () => {
    expect(isValidCountry('UA')).toBe(true);
    expect(isValidCountry('US')).toBe(true);
    expect(isValidCountry('DE')).toBe(true);
  });

  it.each(['ua', 'XX', 'USA', '', 'U'])('when the code is %j, then it is invalid', (code) => {
    expect(isValidCountry(code)).toBe(false);
  });

  it('when listing supported countries, then common ones are there', () => {
    expect(supportedCountries()).toEqual(expect.arrayContaining(['UA', 'US', 'GB', 'DE']));
  });
});
