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
  smsSenderId: optionalText(20),
  emailFromName: optionalText(100),
  emailFromAddress: z.email().nullable().optional(),
});
