import { z } from 'zod';
import { CHANNELS, DURATION_UNITS } from '../../domain/types';

export const channelSchema = z.enum(CHANNELS);
export const entitySchema = z.enum(['order', 'lead']);
export const durationSchema = z.strictObject({
  value: z.number().int().positive().max(100_000),
  unit: z.enum(DURATION_UNITS),
});
export const listQuerySchema = z.object({ cursor: z.string().optional() });
// PostgreSQL text cannot hold NUL; refusing it here names the field instead of failing in the database.
const withoutNul = (s: string) => !s.includes('\u0000');
export const text = (max: number) =>
  z.string().trim().max(max).refine(withoutNul, 'must not contain NUL characters');
export const nonEmptyText = (max = 200) => text(max).min(1);
export const optionalText = (max = 500) => text(max).nullable().optional();
