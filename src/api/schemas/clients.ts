import { z } from 'zod';
import { nonEmptyText } from './common';
import { languageTag } from './templates';

const consentPatch = z.strictObject({
  sms: z.boolean().optional(),
  whatsapp: z.boolean().optional(),
  viber: z.boolean().optional(),
  email: z.boolean().optional(),
});
const contact = z.string().max(320).nullable().optional();

export const clientCreateSchema = z.strictObject({
  name: nonEmptyText(),
  phone: contact,
  email: contact,
  consent: consentPatch.optional(),
  /** BCP 47, stored canonical; null for "the company's default". */
  language: languageTag.nullable().optional(),
});
export const clientPatchSchema = clientCreateSchema.partial();
export const clientListQuerySchema = z.object({
  cursor: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
});
