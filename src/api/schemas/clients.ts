import { z } from 'zod';
import { emailSchema } from '../../domain/normalization';
import { documented } from '../openapi/documented';
import { nonEmptyText, pageQuery } from './common';
import { languageTag } from './templates';

const consentPatch = z.strictObject({
  sms: z.boolean().optional(),
  whatsapp: z.boolean().optional(),
  viber: z.boolean().optional(),
  email: z.boolean().optional(),
});
// Contacts are normalized by the service (which needs the company's defaultCountry), so the checks are code.
const phone = documented(z.string().max(320), {
  type: 'string',
  maxLength: 320,
  example: '+380501234567',
  description:
    'A phone number, stored as E.164: international (+…) or national with the defaultCountry setting; ' +
    'a number that does not parse, or a national one without defaultCountry, is refused (422). Blank means none.',
});
const email = documented(z.string().max(320), {
  // The check the service applies to the trimmed value, or blank.
  anyOf: [
    { ...z.toJSONSchema(emailSchema), $schema: undefined },
    { type: 'string', pattern: '^\\s*$' },
  ],
  example: 'olena@example.com',
  description: 'An email address, stored trimmed and lower-cased; blank means none.',
});

export const clientCreateSchema = z.strictObject({
  name: nonEmptyText(),
  phone: phone.nullable().optional(),
  email: email.nullable().optional(),
  consent: consentPatch.optional(),
  /** BCP 47, stored canonical; null for "the company's default". */
  language: languageTag.nullable().optional(),
});
export const clientPatchSchema = clientCreateSchema.partial();
export const clientListQuerySchema = z.object({
  ...pageQuery(),
  phone: phone.optional(),
  email: email.optional(),
});
