import { z } from 'zod';
import { isValidCountry } from '../../domain/normalization';
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
  defaultCountry: z
    .string()
    .transform((v) => v.trim().toUpperCase())
    .refine(isValidCountry, 'not an ISO 3166-1 alpha-2 country code')
    .nullable()
    .optional(),
  locale: z.string().trim().refine(isSupportedLocale, 'not a supported BCP 47 locale').optional(),
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
