import { z } from 'zod';
import { nonEmptyText, pageQuery } from './common';

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
});
export const clientPatchSchema = clientCreateSchema.partial();
export const clientListQuerySchema = z.object({
  ...pageQuery(),
  phone: z.string().optional(),
  email: z.string().optional(),
});
