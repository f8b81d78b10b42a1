import { z } from 'zod';
import { nonEmptyText } from './common';

export const apiKeyCreateSchema = z.strictObject({
  label: nonEmptyText(100).meta({ description: 'What the key is for, e.g. "CRM production"' }),
});

/** A company's limit per API key; null puts that part back to the configured default. */
export const rateLimitSchema = z.strictObject({
  perSecond: z.number().int().min(1).max(100_000).nullable(),
  burst: z.number().int().min(1).max(1_000_000).nullable(),
});
