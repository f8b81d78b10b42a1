import { z } from 'zod';
import { entitySchema, nonEmptyText, pageQuery } from './common';

export const statusCreateSchema = z.strictObject({
  entity: entitySchema,
  name: nonEmptyText(),
  final: z.boolean().default(false),
});
export const statusPatchSchema = z.strictObject({
  name: nonEmptyText().optional(),
  final: z.boolean().optional(),
});
export const statusListQuerySchema = z.object({
  ...pageQuery(),
  entity: entitySchema.optional(),
});
