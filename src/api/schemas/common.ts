import { z } from 'zod';
import { CHANNELS, DURATION_UNITS } from '../../domain/types';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../db/pagination';

export const channelSchema = z.enum(CHANNELS);
export const entitySchema = z.enum(['order', 'lead']);
export const durationSchema = z.strictObject({
  value: z.number().int().positive().max(100_000),
  unit: z.enum(DURATION_UNITS),
});
/** `?cursor=` (opaque, from the previous page's `nextCursor`) and `?limit=` (1 to 100). */
export const pageQuery = (defaultLimit = DEFAULT_PAGE_SIZE) => ({
  cursor: z.string().max(200).optional().meta({ description: "The previous page's `nextCursor`" }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(defaultLimit)
    .meta({ description: `Items per page, at most ${MAX_PAGE_SIZE}` }),
});
export const listQuerySchema = z.object(pageQuery());
// PostgreSQL text cannot hold NUL; refusing it here names the field instead of failing in the database.
const withoutNul = (s: string) => !s.includes('\u0000');
export const text = (max: number) =>
  z.string().trim().max(max).refine(withoutNul, 'must not contain NUL characters');
export const nonEmptyText = (max = 200) => text(max).min(1);
export const optionalText = (max = 500) => text(max).nullable().optional();
