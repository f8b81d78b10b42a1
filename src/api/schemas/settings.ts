import { z } from 'zod';
import { isValidCountry, supportedCountries } from '../../domain/normalization';
import { documented } from '../openapi/documented';
import { optionalText } from './common';

const isSupportedLocale = (locale: string) => {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
};

export const settingsPatchSchema = z.strictObject({
  phoneConsentByDefault: z.boolean().optional(),
  emailConsentByDefault: z.boolean().optional(),
  preventDuplicateClients: z.boolean().optional(),
  defaultCountry: documented(
    z
      .string()
      .transform((v) => v.trim().toUpperCase())
      .refine(isValidCountry, 'not an ISO 3166-1 alpha-2 country code'),
    {
      type: 'string',
      enum: supportedCountries(),
      description: 'ISO 3166-1 alpha-2 country of national phone numbers (given in any case)',
    },
  )
    .nullable()
    .optional(),
  locale: documented(z.string().trim().refine(isSupportedLocale, 'not a supported BCP 47 locale'), {
    type: 'string',
    pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$',
    maxLength: 35,
    example: 'en-GB',
    description:
      'A BCP 47 locale the runtime has date formats for (dates in templates); a well-formed tag without ' +
      'locale data is refused (422).',
  }).optional(),
  // One of the senders the operator assigned (PUT /admin/companies/{id}/senders), or null (blank) for the
  // platform's default.
  smsSenderId: optionalText(20).transform((v) => (v === '' ? null : v)),
  emailFromName: optionalText(100),
  emailFromAddress: z
    .email()
    .transform((v) => v.toLowerCase())
    .nullable()
    .optional(),
  maxMessagesPerClientPerDay: z.number().int().min(1).max(10_000).nullable().optional(),
});
